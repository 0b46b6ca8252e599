package io.microvx.registry.kubernetes;

import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A process registers on its own pod only: Kubernetes decides which pods exist. */
class KubernetesOwnPodTest {

  private static MockCluster cluster;
  private Vertx vertx;

  @BeforeAll
  static void startCluster() {
    cluster = new MockCluster();
    cluster.runningPod("web-1", "10.0.0.5");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  /** A registry as the plugin makes one in a process whose environment is this (HOSTNAME names the pod). */
  private Registry inProcess(Map<String, String> environment, KubernetesRegistryOptions options) {
    return KubernetesRegistryProvider.registry(vertx, options.setAddress(cluster.address())
        .setNamespace(MockCluster.NAMESPACE).setTimeout(Duration.ofSeconds(10)),
      new KubernetesApi.Environment(environment, Path.of("/nonexistent/serviceaccount"), Path.of("/nonexistent/home")), null);
  }

  private static Service web(String address) {
    return new Service("go.micro.srv.web", "1.0", List.of(new Node("go.micro.srv.web-1", address)));
  }

  @Test
  void theOwnPodIsTheOneHostnameNamesOrTheOptionAndItsNodeIsRegisteredThere() {
    Registry registry = inProcess(Map.of("HOSTNAME", "web-1"), new KubernetesRegistryOptions());
    Await.result(registry.register(web("10.0.0.5:8080")));
    assertThat(cluster.pod("web-1").getMetadata().getAnnotations()).containsKey("micro.mu/service-go.micro.srv.web");
    assertThat(Await.result(registry.getService("go.micro.srv.web"))).singleElement();
    Await.result(registry.deregister(web("10.0.0.5:8080")));
    assertThat(Await.result(registry.getService("go.micro.srv.web"))).isEmpty();

    Registry named = inProcess(Map.of("HOSTNAME", "laptop"), new KubernetesRegistryOptions().setPod("web-1"));
    Await.result(named.register(web("10.0.0.5:8080")));
    assertThat(Await.result(named.getService("go.micro.srv.web"))).singleElement();
    Await.result(named.deregister(web("10.0.0.5:8080")));
    Await.result(registry.close());
    Await.result(named.close());
  }

  @Test
  void aNodeOfAnotherAddressThanThePodsIsRefusedAndNothingIsWritten() {
    Registry registry = inProcess(Map.of("HOSTNAME", "web-1"), new KubernetesRegistryOptions());
    // as the proxy or the CLI registering a node running elsewhere
    assertThat(Await.failure(registry.register(web("10.9.9.9:8080")))).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(403);
      assertThat(e.detail()).isEqualTo("cannot register node go.micro.srv.web-1 at 10.9.9.9:8080 on pod web-1 (10.0.0.5):"
        + " Kubernetes decides which pods exist, so a node is registered only by the pod it runs in");
    });
    assertThat(Await.result(registry.getService("go.micro.srv.web"))).isEmpty();
    Map<String, String> annotations = cluster.pod("web-1").getMetadata().getAnnotations();
    assertThat(annotations == null ? null : annotations.get("micro.mu/service-go.micro.srv.web")).isNull();
    Await.result(registry.close());
  }

  @Test
  void outsideAnyPodRegisteringIsRefusedButLookupsWork() {
    Registry cli = inProcess(Map.of(), new KubernetesRegistryOptions());
    assertThat(Await.failure(cli.register(web("10.0.0.5:8080")))).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(403);
      assertThat(e.detail()).startsWith("cannot register go.micro.srv.web: this process runs in no pod")
        .contains("Kubernetes decides which pods exist");
    });
    assertThat(Await.result(cli.getService("go.micro.srv.web"))).isEmpty();

    Registry elsewhere = inProcess(Map.of("HOSTNAME", "my-laptop"), new KubernetesRegistryOptions());
    assertThat(Await.failure(elsewhere.register(web("10.0.0.5:8080")))).isInstanceOfSatisfying(MicroException.class, e -> {
      assertThat(e.code()).isEqualTo(403);
      assertThat(e.detail()).isEqualTo("cannot register go.micro.srv.web: no pod my-laptop in namespace micro;"
        + " Kubernetes decides which pods exist, so a service registers from inside its own pod");
    });
    Await.result(cli.close());
    Await.result(elsewhere.close());
  }
}
