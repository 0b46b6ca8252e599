package io.microvx.gateway;

import io.microvx.config.MicroConfig;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Options: defaults, JSON both ways, env and flags, validation; the verticle deployed from config. */
class GatewayOptionsTest {

  @Test
  void defaultsAreMicros() {
    GatewayOptions options = new GatewayOptions();
    assertThat(options.getAddress()).isEqualTo("127.0.0.1:8080");
    assertThat(options.getNamespace()).isEqualTo("go.micro.api");
    assertThat(options.getHandler()).isEqualTo("meta");
    assertThat(options.isEnableRpc()).isFalse();
    assertThat(options.getTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.getCors().isEnabled()).isFalse();
    assertThat(options.getRate().isEnabled()).isFalse();
    assertThat(options.getAuth().hasCredentials()).isFalse();
  }

  @Test
  void jsonRoundTripsAndCopies() {
    GatewayOptions options = new GatewayOptions()
      .setAddress("127.0.0.1:9000").setNamespace("acme.api").setHandler("proxy").setEnableRpc(true)
      .setTimeout(Duration.ofMillis(1500)).setMaxBodySize(1000).setStaticNodes(Map.of("greeter", "127.0.0.1:8090"))
      .setCors(new CorsOptions().setAllowedOrigins(List.of("https://a.example.com")))
      .setAuth(new AuthOptions().setJwtSecret("s").setApiKeys(Map.of("k", "id")))
      .setRate(new RateLimitOptions().setClient(10).setRouteBurst(3));
    GatewayOptions copy = new GatewayOptions(options.toJson());
    assertThat(copy.toJson()).isEqualTo(options.toJson());
    assertThat(copy.getHandler()).isEqualTo("http");
    assertThat(copy.getTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(copy.getAuth().getApiKeys()).containsEntry("k", "id");
    assertThat(new GatewayOptions(options).getRate().getClient()).isEqualTo(10);
    // the core's keys travel along for the registry and client
    assertThat(new GatewayOptions(new JsonObject().put("client_retries", "3")).getMicro().getClient().getRetries()).isEqualTo(3);
  }

  @Test
  void environmentAndFlagsAsStrings() {
    JsonObject config = MicroConfig.load(new JsonObject().put("api_namespace", "from.conf"),
      Map.of("MICRO_API_ADDRESS", "127.0.0.1:7000", "MICRO_ENABLE_RPC", "true", "MICRO_CORS_ALLOWED_ORIGINS",
        "https://a.example.com,https://b.example.com", "MICRO_AUTH_API_KEYS", "k1=alice,k2=bob"),
      List.of("--api_namespace=from.flags", "--rate_client", "5"));
    GatewayOptions options = new GatewayOptions(config);
    assertThat(options.getAddress()).isEqualTo("127.0.0.1:7000");
    assertThat(options.isEnableRpc()).isTrue();
    assertThat(options.getNamespace()).isEqualTo("from.flags");
    assertThat(options.getCors().getAllowedOrigins()).containsExactly("https://a.example.com", "https://b.example.com");
    assertThat(options.getAuth().getApiKeys()).containsEntry("k1", "alice").containsEntry("k2", "bob");
    assertThat(options.getRate().getClient()).isEqualTo(5.0);
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new GatewayOptions().setHandler("grpc")).hasMessageContaining("api_handler");
    assertThatThrownBy(() -> new GatewayOptions().setAddress("nowhere")).hasMessageContaining("api_address");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("api_max_body_size", "lots")))
      .hasMessageContaining("api_max_body_size");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("enable_rpc", "maybe"))).hasMessageContaining("enable_rpc");
    assertThatThrownBy(() -> new CorsOptions().setAllowedOrigins(List.of("example.com"))).hasMessageContaining("cors_allowed_origins");
    assertThatThrownBy(() -> new AuthOptions().setPaths(List.of("(")) ).hasMessageContaining("auth_paths");
    assertThatThrownBy(() -> new RateLimitOptions().setClient(-1)).hasMessageContaining("rate_client");
    assertThatThrownBy(() -> new GatewayOptions().setStaticNodes(Map.of("x", "no-port"))).hasMessageContaining("api_static_nodes");
  }

  @Test
  void authRequiredWithoutCredentialsFailsAtBuild() {
    try (GatewayFixture fx = new GatewayFixture()) {
      assertThatThrownBy(() -> fx.start(new GatewayOptions().setAuth(new AuthOptions().setRequired(true))))
        .hasMessageContaining("no credential is configured");
    }
  }

  @Test
  void verticleDeploysFromConfigWithStaticNodes() {
    try (GatewayFixture fx = new GatewayFixture()) {
      String address = fx.service("greeter", new Greeting.Say()).server().address();
      JsonObject config = new JsonObject()
        .put("api_address", "127.0.0.1:0")
        .put("api_static_nodes", "hello=" + address)
        .put("registry", "memory")
        .put("registry_address", "gateway-options-test")
        .put("broker", "memory");
      GatewayVerticle verticle = new GatewayVerticle();
      Await.result(fx.gatewayVertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
      fx.gateway = verticle.gateway();
      // the gateway's own registry (another memory store) knows the greeter only through the static node
      GatewayFixture.Reply reply = fx.post("/hello/say/hello", "{\"name\":\"Ada\"}");
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(new JsonObject(reply.body()).getString("msg")).isEqualTo("Hello Ada");
      assertThat(fx.post("/greeter/say/hello", "{}").status()).isEqualTo(404);
    }
  }
}
