package io.microvx.registry.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.microvx.errors.MicroException;
import io.microvx.plugin.Plugins;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchOptions;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Options, the plugin found by name, each source of configuration, and bad configuration failing fast with one line. */
class KubernetesConfigurationTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private static KubernetesApi.Environment nothing(Path dir) {
    return new KubernetesApi.Environment(Map.of(), dir.resolve("serviceaccount"), dir.resolve("home"));
  }

  @Test
  void optionsComeFromFlatConfigurationAndRoundTrip() {
    KubernetesRegistryOptions options = new KubernetesRegistryOptions(new JsonObject()
      .put("registry_address", "10.0.0.1:6443").put("kubernetes_config", "/etc/kube/config")
      .put("kubernetes_context", "prod").put("kubernetes_namespace", "shop").put("kubernetes_pod", "web-1")
      .put("kubernetes_timeout", "2s"));
    assertThat(options.getAddress()).as("host:port means HTTPS").isEqualTo("https://10.0.0.1:6443");
    assertThat(options.getConfig()).isEqualTo("/etc/kube/config");
    assertThat(options.getContext()).isEqualTo("prod");
    assertThat(options.getNamespace()).isEqualTo("shop");
    assertThat(options.getPod()).isEqualTo("web-1");
    assertThat(options.getTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(new KubernetesRegistryOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThatThrownBy(() -> new KubernetesRegistryOptions(new JsonObject().put("registry_address", "ftp://x:1")))
      .hasMessage("registry_address: not a Kubernetes API address: ftp://x:1");
  }

  @Test
  void thePluginIsFoundByName() {
    Registry registry = Plugins.registry(vertx, "kubernetes", new JsonObject().put("registry_address", "http://127.0.0.1:1"));
    assertThat(registry.name()).isEqualTo("kubernetes");
    Await.result(registry.close());
    // fabric8 ran on the application's Vert.x, and closing the registry leaves it running
    assertThat(Await.result(vertx.executeBlocking(() -> "still running"))).isEqualTo("still running");
  }

  @Test
  void withoutAnyConfigurationMakingTheRegistryFailsWithOneLine(@TempDir Path dir) {
    assertThatThrownBy(() -> KubernetesRegistryProvider.registry(vertx, new KubernetesRegistryOptions(), nothing(dir), null))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("kubernetes registry: no cluster to talk to: not in a pod (KUBERNETES_SERVICE_HOST unset or no"
        + " service-account token) and no kubeconfig at " + dir.resolve("home/.kube/config")
        + "; set kubernetes_config or registry_address");
    assertThatThrownBy(() -> KubernetesRegistryProvider.registry(vertx,
      new KubernetesRegistryOptions().setConfig(dir.resolve("missing").toString()), nothing(dir), null))
      .hasMessage("kubernetes_config: no kubeconfig at " + dir.resolve("missing"));
  }

  @Test
  void aKubeconfigGivesTheServerAndTheNamespace(@TempDir Path dir) throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      cluster.runningPod("web-1", "10.0.0.5");
      Path kubeconfig = dir.resolve("config");
      Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
        contexts:
        - name: test
          context:
            cluster: test
            user: tester
            namespace: %s
        current-context: test
        users:
        - name: tester
          user:
            token: not-checked
        """.formatted(cluster.directAddress(), MockCluster.NAMESPACE));
      // found through $KUBECONFIG, as kubectl finds it
      KubernetesApi.Environment environment = new KubernetesApi.Environment(
        Map.of("KUBECONFIG", kubeconfig.toString(), "HOSTNAME", "web-1"), dir.resolve("sa"), dir.resolve("home"));
      Registry registry = KubernetesRegistryProvider.registry(vertx,
        new KubernetesRegistryOptions().setTimeout(Duration.ofSeconds(30)), environment, null);
      Await.result(registry.register(new Service("go.micro.srv.web", "1.0", List.of(new Node("web-a", "10.0.0.5:8080")))));
      assertThat(Await.result(registry.getService("go.micro.srv.web"))).singleElement();
      assertThat(cluster.pod("web-1").getMetadata().getAnnotations()).containsKey("micro.mu/service-go.micro.srv.web");
      Await.result(registry.close());
    }
  }

  @Test
  void inAPodTheServiceAccountsTokenCaAndNamespaceAreUsed(@TempDir Path dir) throws Exception {
    MockWebServer https = new MockWebServer();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), https, new HashMap<>(), new KubernetesCrudDispatcher(), true);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try {
      Path account = dir.resolve("serviceaccount");
      Files.createDirectories(account);
      Files.writeString(account.resolve("token"), "the-pods-token\n");
      Files.writeString(account.resolve("namespace"), "shop\n");
      Files.copy(Path.of(https.getSelfSignedCertificate().certificatePath()), account.resolve("ca.crt"));
      KubernetesApi.Environment environment = new KubernetesApi.Environment(Map.of("KUBERNETES_SERVICE_HOST", "localhost",
        "KUBERNETES_SERVICE_PORT", Integer.toString(server.getPort())), account, dir.resolve("home"));
      // generous: the first TLS handshake of the JVM is slow on a busy machine
      Registry registry = KubernetesRegistryProvider.registry(vertx,
        new KubernetesRegistryOptions().setTimeout(Duration.ofSeconds(30)), environment, null);
      assertThat(Await.result(registry.getService("go.micro.srv.web"))).isEmpty();
      RecordedRequest request = server.getLastRequest();
      assertThat(request.getPath()).as("the service account's namespace").startsWith("/api/v1/namespaces/shop/pods?");
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer the-pods-token");
      Await.result(registry.close());
    } finally {
      server.destroy();
    }
  }

  @Test
  void anUnreachableApiServerFailsEachCallAtOnceNamingTheAddress(@TempDir Path dir) {
    String nowhere = "http://127.0.0.1:" + RealServers.freePort();
    Registry registry = KubernetesRegistryProvider.registry(vertx, new KubernetesRegistryOptions().setAddress(nowhere),
      nothing(dir), node -> "web-1");
    for (Throwable failure : List.of(Await.failure(registry.getService("web")),
      Await.failure(registry.register(new Service("web", "1", List.of(new Node("web-1", "10.0.0.5:1"))))),
      Await.failure(registry.watch(new WatchOptions(), event -> { })))) {
      assertThat(failure).isInstanceOfSatisfying(MicroException.class, e -> {
        assertThat(e.code()).isEqualTo(503);
        assertThat(e.detail()).isEqualTo("kubernetes API at " + nowhere + " is unreachable");
      });
    }
    Await.result(registry.close());
  }

  @Test
  void refusedCredentialsAndMissingPermissionsFailWithOneLineSayingWhatIsNeeded() {
    try (MockCluster cluster = new MockCluster()) {
      Registry registry = cluster.registry(vertx, cluster.directAddress(), node -> "web-1");
      cluster.refuseWith(401);
      assertThat(Await.failure(registry.getService("web"))).isInstanceOfSatisfying(MicroException.class, e -> {
        assertThat(e.code()).isEqualTo(401);
        assertThat(e.detail()).isEqualTo("kubernetes API at " + cluster.directAddress() + " refused the credentials (list pods)");
      });
      cluster.refuseWith(403);
      assertThat(Await.failure(registry.register(new Service("web", "1", List.of(new Node("web-1", "10.0.0.5:1"))))))
        .isInstanceOfSatisfying(MicroException.class, e -> {
          assertThat(e.code()).isEqualTo(403);
          assertThat(e.detail()).isEqualTo("kubernetes API at " + cluster.directAddress() + " forbids patch pods in namespace "
            + MockCluster.NAMESPACE + " to this service account: it needs get, list, watch and patch on pods");
        });
      assertThat(Await.failure(registry.watch(new WatchOptions(), event -> { }))).isInstanceOfSatisfying(MicroException.class,
        e -> assertThat(e.code()).isEqualTo(403));
      cluster.refuseWith(0);
      Await.result(registry.close());
    }
  }

  @Test
  void anApiServerThatNeverAnswersFailsTheCallWithinItsTimeout(@TempDir Path dir) throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String address = "http://127.0.0.1:" + silent.getLocalPort();
      Registry registry = KubernetesRegistryProvider.registry(vertx, new KubernetesRegistryOptions().setAddress(address)
        .setTimeout(Duration.ofMillis(500)), nothing(dir), null);
      assertThat(Await.failure(registry.getService("silent"))).isInstanceOfSatisfying(MicroException.class, e -> {
        assertThat(e.code()).isEqualTo(504);
        assertThat(e.detail()).isEqualTo("kubernetes API at " + address + " did not answer in time (list pods)");
      });
      Await.result(registry.close());
    }
  }
}
