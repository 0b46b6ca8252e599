package io.microvx.web;

import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.testing.RawHttp;
import io.microvx.testing.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard's door: requests without a Host, guessed sign-ins, short tokens, HTTPS, listening beyond loopback. */
class DashboardDoorTest {

  private static final String TOKEN = "0123456789abcdef-token";
  private DashboardFixture fx;

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void aRequestWithoutAHostIsA400() throws Exception {
    fx = new DashboardFixture().start();
    String answer = RawHttp.exchange(fx.dashboard.port(), "GET /_/api/services HTTP/1.1\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400").contains("the request has no Host header");
  }

  @Test
  void signInIsThrottledPerClient() {
    AtomicLong now = new AtomicLong(1_000_000);
    fx = new DashboardFixture().start(new WebDashboardOptions().setAuthToken(TOKEN), now::get);

    for (int i = 0; i < 5; i++) {
      assertThat(form("token=guess-" + i).status()).as("guess %d", i).isEqualTo(401);
    }
    DashboardFixture.Reply held = form("token=" + TOKEN);
    assertThat(held.status()).as("even the right token waits").isEqualTo(429);
    assertThat(held.header("Retry-After")).isEqualTo("1");
    assertThat(fx.send(HttpMethod.GET, "/_/api/services", Map.of("Authorization", "Bearer " + TOKEN), null).status())
      .as("a bearer token waits too").isEqualTo(429);

    now.addAndGet(1000);
    assertThat(form("token=guess-5").status()).isEqualTo(401);
    assertThat(form("token=" + TOKEN).status()).as("twice as long after the sixth failure").isEqualTo(429);
    now.addAndGet(2000);
    assertThat(form("token=" + TOKEN).status()).isEqualTo(303);
    assertThat(form("token=guess-again").status()).as("signing in cleared the record").isEqualTo(401);
    assertThat(fx.send(HttpMethod.GET, "/_/api/services", Map.of("Authorization", "Bearer " + TOKEN), null).status())
      .isEqualTo(200);
  }

  @Test
  void tokensShorterThan16CharactersAreRefused() {
    assertThatThrownBy(() -> new WebDashboardOptions().setAuthToken("s3cret"))
      .hasMessageContaining("web_auth_token is too short: use at least 16 characters");
    assertThatThrownBy(() -> new WebDashboardOptions(new JsonObject().put("web_auth_token", "123456789012345")))
      .hasMessageContaining("too short");
    assertThat(new WebDashboardOptions().setAuthToken("1234567890123456").hasLogin()).isTrue();
  }

  @Test
  void beyondLoopbackItStartsOnlyWithALoginOrWhenSaidToBeOpen() {
    Vertx vertx = Vertx.vertx();
    try {
      Throwable refused = Await.failure(vertx.deployVerticle(new WebDashboardVerticle(Registry.memory(vertx), null,
        new WebDashboardOptions().setAddress("0.0.0.0:0"))));
      assertThat(refused).hasMessageContaining("web_auth_token").hasMessageContaining("web_open=true");
      assertThat(new WebDashboardOptions(new JsonObject().put("web_open", "true")).isOpen()).isTrue();
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void itServesHttpsFromPemFiles(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.make(dir);
    fx = new DashboardFixture().start(new WebDashboardOptions(new JsonObject()
      .put("web_tls_cert", certs.cert().toString()).put("web_tls_key", certs.key().toString())));
    WebClient https = WebClient.create(fx.clientVertx, new WebClientOptions().setSsl(true)
      .setTrustOptions(new PemTrustOptions().addCertPath(certs.ca().toString())));
    HttpResponse<Buffer> services = Await.result(https.get(fx.dashboard.port(), "localhost", "/_/api/services").send());
    assertThat(services.statusCode()).isEqualTo(200);
    assertThat(services.bodyAsJsonObject().containsKey("services")).isTrue();
    HttpResponse<Buffer> sameOrigin = Await.result(https.post(fx.dashboard.port(), "localhost", "/_/api/terminal")
      .putHeader("Origin", "https://localhost:" + fx.dashboard.port())
      .sendJsonObject(new JsonObject().put("line", "help")));
    assertThat(sameOrigin.statusCode()).as("the https origin is its own").isEqualTo(200);
    https.close();

    assertThatThrownBy(() -> new WebDashboardOptions().setTls(certs.cert().toString(), null))
      .hasMessageContaining("web_tls_cert and web_tls_key go together");
    assertThatThrownBy(() -> new WebDashboardOptions().setTls(dir.resolve("none.pem").toString(), certs.key().toString()))
      .hasMessageContaining("web_tls_cert: cannot read");
  }

  private DashboardFixture.Reply form(String body) {
    return fx.send(HttpMethod.POST, "/_/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
      Buffer.buffer(body + "&next=%2F"));
  }
}
