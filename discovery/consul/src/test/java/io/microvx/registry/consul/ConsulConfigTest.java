package io.microvx.registry.consul;

import io.microvx.errors.MicroException;
import io.microvx.plugin.RegistryProvider;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.consul.fake.FakeClock;
import io.microvx.registry.consul.fake.FakeConsul;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Found by name, configured from the flat options, and failing fast with one clear line when misconfigured. */
class ConsulConfigTest {

  private static final Service SERVICE = new Service("go.micro.srv.config", "1.0", List.of(new Node("config-1", "127.0.0.1:4002")));
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void thePluginIsFoundByName() {
    RegistryProvider provider = ServiceLoader.load(RegistryProvider.class).stream().map(ServiceLoader.Provider::get)
      .filter(p -> p.name().equals("consul")).findFirst().orElseThrow();
    Registry registry = provider.create(vertx, new JsonObject().put("registry_address", "127.0.0.1:8500"));
    assertThat(registry.name()).isEqualTo("consul");
    Await.result(registry.close());
  }

  @Test
  void optionsComeFromTheFlatConfig() {
    ConsulRegistryOptions options = new ConsulRegistryOptions(new JsonObject()
      .put("registry_address", "https://consul.internal:8501,other:8500")
      .put("consul_token", "t0k3n").put("consul_datacenter", "eu1").put("consul_wait", "30s")
      .put("consul_timeout", "2s").put("consul_tls_trust_all", "true"));
    assertThat(options.getAddress()).isEqualTo("consul.internal:8501");
    assertThat(options.isTls()).isTrue();
    assertThat(options.isTlsTrustAll()).isTrue();
    assertThat(options.getToken()).isEqualTo("t0k3n");
    assertThat(options.getDatacenter()).isEqualTo("eu1");
    assertThat(options.getWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.getTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(new ConsulRegistryOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new ConsulRegistryOptions().getAddress()).isEqualTo("127.0.0.1:8500");
    assertThatThrownBy(() -> new ConsulRegistryOptions(new JsonObject().put("registry_address", "no-port")))
      .hasMessageContaining("host:port");
    assertThatThrownBy(() -> new ConsulRegistryOptions().setWait(Duration.ofMinutes(11))).hasMessageContaining("10m");
  }

  @Test
  void anUnreachableAgentFailsFastWithOneLine() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // free once closed: nothing listens there
    }
    Registry registry = ConsulRegistryProvider.registry(vertx, new ConsulRegistryOptions().setAddress("127.0.0.1:" + port));
    long began = System.nanoTime();
    Throwable failure = Await.failure(registry.register(SERVICE));
    assertThat(Duration.ofNanos(System.nanoTime() - began)).as("fast").isLessThan(Duration.ofSeconds(5));
    assertThat(failure).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(503);
      assertThat(e.detail()).startsWith("cannot reach the Consul agent at 127.0.0.1:" + port).doesNotContain("\n");
    });
    Await.result(registry.close());
  }

  @Test
  void aWrongTokenFailsFastWithOneLine() {
    FakeConsul consul = FakeConsul.start(FakeClock.system(), "the-right-token");
    try {
      Registry wrong = ConsulRegistryProvider.registry(vertx, new ConsulRegistryOptions()
        .setAddress(consul.address()).setToken("a-wrong-token"));
      assertThat(Await.failure(wrong.register(SERVICE))).isInstanceOfSatisfying(MicroException.class, e -> {
        assertThat(e.code()).isEqualTo(403);
        assertThat(e.detail()).isEqualTo("the Consul agent at " + consul.address()
          + " refused the ACL token (consul_token): ACL not found");
      });
      assertThat(Await.failure(wrong.getService(SERVICE.name()))).isInstanceOf(MicroException.class);

      Registry none = ConsulRegistryProvider.registry(vertx, new ConsulRegistryOptions().setAddress(consul.address()));
      assertThat(Await.failure(none.register(SERVICE))).isInstanceOfSatisfying(MicroException.class,
        e -> assertThat(e.detail()).contains("Permission denied"));

      MicroService greeter = MicroService.builder(vertx).name("go.micro.srv.greeter").address("127.0.0.1:0")
        .set("broker", "http").registry(wrong).handler(new Greeting.Say()).build();
      assertThat(Await.failure(greeter.start())).as("a service with a wrong token does not start")
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.detail()).contains("ACL not found"));

      Registry right = ConsulRegistryProvider.registry(vertx, new ConsulRegistryOptions()
        .setAddress(consul.address()).setToken("the-right-token"));
      Await.result(right.register(SERVICE));
      assertThat(Await.result(right.getService(SERVICE.name()))).hasSize(1);
      Await.result(Registry.class.cast(right).close());
      Await.result(wrong.close());
      Await.result(none.close());
    } finally {
      consul.close();
    }
  }
}
