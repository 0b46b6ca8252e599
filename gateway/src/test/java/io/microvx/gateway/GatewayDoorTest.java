package io.microvx.gateway;

import io.microvx.metadata.CallContext;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestCertificates;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's door: /rpc and credentials, registry-declared routes, where it listens, what errors say, HTTPS. */
class GatewayDoorTest {

  /** Says who the gateway says the caller is. */
  public static class Whoami {
    public Map<String, String> who(Greeting.Request request, CallContext call) {
      String subject = call.metadata().get("X-Auth-Subject");
      return Map.of("subject", subject == null ? "" : subject);
    }
  }

  /** Fails with words about its insides. */
  public static class Broken {
    public Greeting.Response hello(Greeting.Request request) {
      throw new IllegalStateException("connection pool of jdbc:postgresql://db.internal:5432/billing exhausted");
    }
  }

  /** Answers as itself, to tell which service a route reached. */
  public static class Hijacker {
    public Greeting.Response hello(Greeting.Request request) {
      return new Greeting.Response("hijacked");
    }
  }

  private final GatewayFixture fx = new GatewayFixture();

  @AfterEach
  void stop() {
    fx.close();
  }

  private GatewayFixture.Reply rpc(String service, String endpoint, Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return fx.send(HttpMethod.POST, "/rpc", all, new JsonObject().put("service", service).put("endpoint", endpoint)
      .put("request", new JsonObject().put("name", "Ada")).toBuffer());
  }

  @Test
  void rpcHoldsTheCredentialRulesOfTheEndpointsPathRoutes() {
    fx.service("whoami", new Whoami());
    fx.service("greeter", new Greeting.Say());
    Service guarded = new Service("guarded", "1.0.0", Map.of(), List.of(
      new Endpoint("Whoami.Who", null, null, Map.of("auth", "true"))),
      Await.result(fx.registry.getService("whoami")).get(0).nodes());
    Await.result(fx.registry.register(guarded));
    fx.start(new GatewayOptions().setEnableRpc(true).setAuth(new AuthOptions().setPaths(List.of("^/whoami/"))
      .setApiKeys(Map.of("k-0123456789abcdef", "ops"))));

    assertThat(fx.post("/whoami/whoami/who", "{}").status()).as("the path route").isEqualTo(401);
    GatewayFixture.Reply byPath = rpc("whoami", "Whoami.Who", Map.of());
    assertThat(byPath.status()).as("auth_paths through /rpc: " + byPath.body()).isEqualTo(401);
    GatewayFixture.Reply byMetadata = rpc("guarded", "Whoami.Who", Map.of());
    assertThat(byMetadata.status()).as("auth metadata through /rpc: " + byMetadata.body()).isEqualTo(401);

    GatewayFixture.Reply withKey = rpc("whoami", "Whoami.Who", Map.of("X-Api-Key", "k-0123456789abcdef"));
    assertThat(withKey.status()).isEqualTo(200);
    assertThat(new JsonObject(withKey.body()).getString("subject")).isEqualTo("ops");
    assertThat(rpc("guarded", "Whoami.Who", Map.of("X-Api-Key", "k-0123456789abcdef")).status()).isEqualTo(200);
    assertThat(rpc("greeter", "Say.Hello", Map.of()).status()).as("an endpoint nothing guards").isEqualTo(200);
  }

  @Test
  void aCatastrophicPathPatternCannotStallTheGateway() {
    fx.service("greeter", new Greeting.Say());
    Node node = Await.result(fx.registry.getService("greeter")).get(0).nodes().get(0);
    Await.result(fx.registry.register(new Service("go.micro.api.evil", "1", Map.of(), List.of(
      new Endpoint("Say.Hello", null, null, Map.of("path", "^/(.*a){12}$"))), List.of(node))));
    fx.start(new GatewayOptions());
    fx.awaitRouted("/greeter/say/hello");
    // a backtracking engine tries every way to split the path in 12 (n^12 steps, hours here); RE2/J takes n
    GatewayFixture.Reply reply = fx.post("/" + "a".repeat(64) + "!", "{}");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).as("still serving").isEqualTo(200);
  }

  @Test
  void onlyServicesInTheRouteNamespaceDeclareRoutes() {
    fx.service("greeter", new Greeting.Say());
    Node hijacker = fx.service("hijacker", b -> b.handler("Say", new Hijacker())).server().service().nodes().get(0);
    Await.result(fx.registry.register(new Service("hijack", "1", Map.of(), List.of(
      new Endpoint("Say.Hello", null, null, Map.of("path", "^/greeter/say/hello$"))), List.of(hijacker))));

    fx.start(new GatewayOptions());
    fx.awaitRouted("/hijack/say/hello");
    assertThat(new JsonObject(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").body()).getString("msg"))
      .as("a service outside go.micro.api cannot take the path").isEqualTo("Hello Ada");

    Gateway anyService = fx.start(new GatewayOptions().setRouteNamespace(""));
    Await.until("the declared route to be taken", () -> "hijacked".equals(new JsonObject(fx.send(anyService, HttpMethod.POST,
      "/greeter/say/hello", Map.of("Content-Type", "application/json"), Buffer.buffer("{}")).body()).getString("msg")));
  }

  @Test
  void itListensOnLoopbackUnlessACredentialIsRequiredOrItIsSaidToBeOpen() {
    assertThat(new GatewayOptions().getAddress()).isEqualTo("127.0.0.1:8080");
    assertThat(new GatewayOptions(new JsonObject()).isLoopback()).isTrue();
    Gateway open = Gateway.builder(fx.gatewayVertx).options(new GatewayOptions().setAddress("0.0.0.0:0"))
      .registry(fx.registry).build();
    assertThat(Await.failure(open.start())).hasMessageContaining("reachable beyond this machine")
      .hasMessageContaining("auth_required=true").hasMessageContaining("api_open=true");
    Gateway keyOnly = Gateway.builder(fx.gatewayVertx).options(new GatewayOptions().setAddress("0.0.0.0:0")
      .setAuth(new AuthOptions().setApiKeys(Map.of("k-0123456789abcdef", "ops")))).registry(fx.registry).build();
    assertThat(Await.failure(keyOnly.start())).as("a key that nothing requires guards nothing")
      .hasMessageContaining("auth_required=true");
    assertThat(new GatewayOptions(new JsonObject().put("api_open", "true")).isOpen()).isTrue();
    assertThat(GatewayMain.usage()).contains("--api_address=127.0.0.1:8080").contains("--api_open");
  }

  @Test
  void aServicesInternalFailureReachesTheCallerAsAGeneric500() {
    fx.service("broken", b -> b.handler("Broken", new Broken()));
    fx.start(new GatewayOptions().setStaticNodes(Map.of("gone", "127.0.0.1:1")));
    GatewayFixture.Reply failed = fx.post("/broken/broken/hello", "{\"name\":\"Ada\"}");
    assertThat(failed.status()).isEqualTo(500);
    assertThat(new JsonObject(failed.body()).getString("detail")).startsWith("internal error (request id ");
    assertThat(failed.body()).doesNotContain("jdbc").doesNotContain("IllegalState");

    GatewayFixture.Reply unreachable = fx.post("/gone/say/hello", "{}");
    assertThat(unreachable.status()).isEqualTo(503);
    assertThat(new JsonObject(unreachable.body()).getString("detail")).isEqualTo("service gone: no node answered");
  }

  @Test
  void corsForEveryOriginWithCredentialsIsRefusedAtStartUp() {
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("cors_allowed_origins", "*")
      .put("cors_allow_credentials", "true")))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("cors_allowed_origins=* with cors_allow_credentials=true");
    assertThatThrownBy(() -> new CorsOptions().setAllowCredentials(true).setAllowedOrigins(List.of("*")))
      .hasMessageContaining("cors_allow_credentials");
    assertThat(new CorsOptions().setAllowedOrigins(List.of("https://app.example.com")).setAllowCredentials(true)
      .isAllowCredentials()).isTrue();
  }

  @Test
  void itServesHttpsFromPemFiles(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.make(dir);
    fx.service("greeter", new Greeting.Say());
    Gateway https = fx.start(new GatewayOptions(new JsonObject().put("api_tls_cert", certs.cert().toString())
      .put("api_tls_key", certs.key().toString())));
    WebClient client = WebClient.create(fx.clientVertx, new WebClientOptions().setSsl(true)
      .setTrustOptions(new PemTrustOptions().addCertPath(certs.ca().toString())));
    HttpResponse<Buffer> reply = Await.result(client.post(https.port(), "127.0.0.1", "/greeter/say/hello")
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"name\":\"Ada\"}")));
    assertThat(reply.bodyAsJsonObject().getString("msg")).isEqualTo("Hello Ada");
    client.close();
    assertThatThrownBy(() -> new GatewayOptions().setTls(null, certs.key().toString()))
      .hasMessageContaining("api_tls_cert and api_tls_key go together");
  }
}
