package io.microvx.registry.vertx;

import io.microvx.plugin.Plugins;
import io.microvx.plugin.RegistryProvider;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin as users pick it: by name, configured from flat options, refusing bad ones at once. */
class VertxPluginTest {

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
  void theProviderIsFoundByNameThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(RegistryProvider.class).stream().map(ServiceLoader.Provider::get)
      .filter(p -> p.name().equals("vertx")).toList()).singleElement().isInstanceOf(VertxRegistryProvider.class);
    Registry registry = Plugins.registry(vertx, "vertx", new JsonObject());
    assertThat(registry.name()).isEqualTo("vertx");
    // on a Vert.x that is not clustered, the registry is the instance's own
    Registry other = Plugins.registry(vertx, "vertx", new JsonObject());
    Service service = new Service("local-greeter", "1.0", List.of(new Node("local-1", "127.0.0.1:9999")));
    Await.result(registry.register(service));
    assertThat(Await.result(other.getService("local-greeter"))).containsExactly(service);
    Await.result(registry.deregister(service));
    Await.result(io.vertx.core.Future.all(registry.close(), other.close()));
  }

  @Test
  void flatOptionsRoundTrip() {
    JsonObject config = new JsonObject().put("vertx_announce_address", "acme.announce").put("vertx_discovery_name", "acme")
      .put("vertx_reap_interval", "250ms").put("cluster", "true").put("cluster_name", "acme").put("cluster_host", "127.0.0.1")
      .put("cluster_port", "5801").put("cluster_members", "127.0.0.1:5801, 127.0.0.1:5802");
    VertxDiscoveryOptions options = new VertxDiscoveryOptions(config);
    assertThat(options.getReapInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(options.isCluster()).isTrue();
    assertThat(options.getClusterMembers()).containsExactly("127.0.0.1:5801", "127.0.0.1:5802");
    assertThat(new VertxDiscoveryOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new VertxDiscoveryOptions().getClusterMembers()).as("unset: this host").containsExactly("127.0.0.1");
  }

  @Test
  void theHazelcastConfigurationNeverUsesMulticast() {
    var config = VertxCluster.hazelcastConfig(new VertxDiscoveryOptions().setClusterMembers(List.of("127.0.0.1:5701")));
    var join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getMetricsConfig().isEnabled()).as("no metrics cycle to log at shutdown").isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
  }

  @Test
  void badConfigurationFailsFastWithOneLine() {
    for (JsonObject bad : List.of(new JsonObject().put("cluster_port", "http"), new JsonObject().put("cluster_port", 70000),
      new JsonObject().put("vertx_reap_interval", "soon"), new JsonObject().put("cluster", "yes"),
      new JsonObject().put("cluster_host", "my laptop"), new JsonObject().put("cluster_members", "127.0.0.1:5701,db host"),
      new JsonObject().put("vertx_announce_address", " "))) {
      String key = bad.fieldNames().iterator().next();
      assertThatThrownBy(() -> Plugins.registry(vertx, "vertx", bad)).as(bad.encode())
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(key).doesNotContain("\n"));
    }
  }
}
