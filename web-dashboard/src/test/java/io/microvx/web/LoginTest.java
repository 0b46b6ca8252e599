package io.microvx.web;

import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional sign-in, and the rule that a dashboard reachable from other machines must have one. */
class LoginTest {

  private DashboardFixture fx;

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void beyondLoopbackItWillNotStartWithoutALogin() {
    Vertx vertx = Vertx.vertx();
    try {
      Registry registry = Registry.memory(vertx);
      WebDashboardVerticle open = new WebDashboardVerticle(registry, null, new WebDashboardOptions().setAddress("0.0.0.0:0"));
      Throwable failure = Await.failure(vertx.deployVerticle(open));
      assertThat(failure).hasMessageContaining("web_auth_token");
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void aTokenSignsInAsBearerOrThroughTheLoginPage() {
    fx = new DashboardFixture().start(new WebDashboardOptions().setAuthToken("s3cret-s3cret-s3cret"));
    DashboardFixture.Reply api = fx.get("/_/api/services");
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.header("WWW-Authenticate")).startsWith("Bearer");
    DashboardFixture.Reply page = fx.send(HttpMethod.GET, "/registry?service=greeter", Map.of("Accept", "text/html"), null);
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.header("Location")).isEqualTo("/_/login?next=%2Fregistry%3Fservice%3Dgreeter");
    assertThat(fx.get("/_/login").body()).contains("name=\"token\"");
    assertThat(fx.get("/_/static/dashboard.css").status()).as("the login page's style is public").isEqualTo(200);

    assertThat(fx.send(HttpMethod.GET, "/_/api/services", Map.of("Authorization", "Bearer s3cret-s3cret-s3cret"), null).status()).isEqualTo(200);
    assertThat(fx.send(HttpMethod.GET, "/_/api/services", Map.of("Authorization", "Bearer wrong"), null).status()).isEqualTo(401);

    DashboardFixture.Reply wrong = form("token=nope&next=%2Fstats");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).contains("did not match");
    DashboardFixture.Reply signedIn = form("token=s3cret-s3cret-s3cret&next=%2Fstats");
    assertThat(signedIn.status()).isEqualTo(303);
    assertThat(signedIn.header("Location")).isEqualTo("/stats");
    String cookie = signedIn.headers().get("Set-Cookie");
    assertThat(cookie).contains("micro_web_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
    String session = cookie.substring(0, cookie.indexOf(';'));
    assertThat(fx.send(HttpMethod.GET, "/_/api/services", Map.of("Cookie", session), null).status()).isEqualTo(200);

    // only paths of the dashboard itself are places to go after signing in
    assertThat(form("token=s3cret-s3cret-s3cret&next=https%3A%2F%2Fevil.example").header("Location")).isEqualTo("/");
    assertThat(form("token=s3cret-s3cret-s3cret&next=%2F%2Fevil.example").header("Location")).isEqualTo("/");
  }

  @Test
  void basicCredentialsWorkAndAreNotPassedToWebServices() {
    fx = new DashboardFixture().start(new WebDashboardOptions().setAuthUser("ada").setAuthPassword("pw"));
    HttpServer server = fx.vertx.createHttpServer().requestHandler(request -> request.response().end(new JsonObject()
      .put("authorization", request.getHeader("Authorization")).put("cookie", request.getHeader("Cookie")).encode()));
    int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    fx.onClose(() -> Await.result(server.close()));
    Await.result(fx.registry.register(new Service("go.micro.web.app", "1", List.of(new Node("app-1", "127.0.0.1:" + port)))));

    String basic = "Basic " + Base64.getEncoder().encodeToString("ada:pw".getBytes(StandardCharsets.UTF_8));
    assertThat(fx.get("/_/api/services").header("WWW-Authenticate")).startsWith("Basic");
    assertThat(fx.send(HttpMethod.GET, "/_/api/services", Map.of("Authorization",
      "Basic " + Base64.getEncoder().encodeToString("ada:no".getBytes(StandardCharsets.UTF_8))), null).status()).isEqualTo(401);
    Await.until("the web service to be proxied", () ->
      fx.send(HttpMethod.GET, "/app/", Map.of("Authorization", basic), null).status() == 200);
    JsonObject seen = fx.send(HttpMethod.GET, "/app/", Map.of("Authorization", basic,
      "Cookie", "theme=dark; micro_web_session=abc"), null).json();
    assertThat(seen.getString("authorization")).as("the dashboard's credential stays with the dashboard").isNull();
    assertThat(seen.getString("cookie")).isEqualTo("theme=dark");
    assertThat(fx.get("/app/").status()).as("the proxy is behind the sign-in too").isEqualTo(401);
  }

  private DashboardFixture.Reply form(String body) {
    return fx.send(HttpMethod.POST, "/_/login", Map.of("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer(body));
  }
}
