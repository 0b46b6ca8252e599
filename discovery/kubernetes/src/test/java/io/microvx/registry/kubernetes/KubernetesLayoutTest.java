package io.microvx.registry.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.Value;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the plugin writes on its pod is go-micro's layout exactly (labels, annotation key, the service's
 * JSON byte for byte as Go's encoding/json writes it), read back through the API with an admin client;
 * and what a go-micro service wrote on its pod is read and watched.
 */
class KubernetesLayoutTest {

  private static MockCluster cluster;
  private Vertx vertx;

  @BeforeAll
  static void startCluster() {
    cluster = new MockCluster();
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

  @Test
  void theServiceIsOnItsOwnPodAsLabelsAndAnAnnotationHoldingGoMicrosJson() {
    cluster.runningPod("layout-1", "10.0.0.5");
    Registry registry = cluster.registry(vertx, cluster.address(), node -> "layout-1");
    Endpoint hello = new Endpoint("Say.Hello", new Value("Request", "Request", List.of(new Value("name", "string"))),
      new Value("Response", "Response", List.of(new Value("msg", "string"))), Map.of());
    Service service = new Service("api/go.micro.srv.layout:v1", "1.0.0", Map.of("owner", "team-a", "docs", "<a&b>"),
      List.of(hello), List.of(new Node("go.micro.srv.layout-6f2a", "10.0.0.5:4001",
        Map.of("transport", "http", "registry", "kubernetes", "protocol", "mucp"))));
    Await.result(registry.register(service));

    Pod pod = cluster.pod("layout-1");
    assertThat(pod.getMetadata().getLabels()).as("'/' and ':' outside [-A-Za-z0-9_.] become '_'")
      .containsEntry("micro.mu/type", "service")
      .containsEntry("micro.mu/selector-api_go.micro.srv.layout_v1", "service");
    // Go writes struct fields in order, map keys sorted, nothing omitted, and escapes <, > and & in strings
    String go = "{\"name\":\"api/go.micro.srv.layout:v1\",\"version\":\"1.0.0\","
      + "\"metadata\":{\"docs\":\"\\u003ca\\u0026b\\u003e\",\"owner\":\"team-a\"},"
      + "\"endpoints\":[{\"name\":\"Say.Hello\",\"request\":{\"name\":\"Request\",\"type\":\"Request\",\"values\":"
      + "[{\"name\":\"name\",\"type\":\"string\",\"values\":null}]},\"response\":{\"name\":\"Response\",\"type\":"
      + "\"Response\",\"values\":[{\"name\":\"msg\",\"type\":\"string\",\"values\":null}]},\"metadata\":{}}],"
      + "\"nodes\":[{\"id\":\"go.micro.srv.layout-6f2a\",\"address\":\"10.0.0.5:4001\","
      + "\"metadata\":{\"protocol\":\"mucp\",\"registry\":\"kubernetes\",\"transport\":\"http\"}}]}";
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("micro.mu/service-api_go.micro.srv.layout_v1", go);

    // go-micro's server registers no service metadata, and no endpoints when it has no handlers: nil, so null
    Service bare = new Service("bare", "2", List.of(new Node("bare-1", "10.0.0.5:4002", Map.of())));
    Await.result(registry.register(bare));
    assertThat(cluster.pod("layout-1").getMetadata().getAnnotations()).containsEntry("micro.mu/service-bare",
      "{\"name\":\"bare\",\"version\":\"2\",\"metadata\":null,\"endpoints\":null,"
        + "\"nodes\":[{\"id\":\"bare-1\",\"address\":\"10.0.0.5:4002\",\"metadata\":{}}]}");

    Await.result(registry.deregister(service));
    Pod after = cluster.pod("layout-1");
    // the mock keeps a key a merge patch set to null (the API server removes it): absent or null is gone
    assertThat(after.getMetadata().getLabels()).as("the selector goes, the type stays (as go-micro leaves it)")
      .containsEntry("micro.mu/type", "service").containsEntry("micro.mu/selector-bare", "service");
    assertThat(after.getMetadata().getLabels().get("micro.mu/selector-api_go.micro.srv.layout_v1")).isNull();
    assertThat(after.getMetadata().getAnnotations().get("micro.mu/service-api_go.micro.srv.layout_v1")).isNull();
    assertThat(after.getMetadata().getAnnotations().get("micro.mu/service-bare")).as("the other service stays").isNotNull();
    Await.result(registry.close());
  }

  @Test
  void whatAGoMicroServiceWroteOnItsPodIsReadAndWatched() {
    String name = "go.micro.srv.go";
    Registry registry = cluster.registry(vertx, cluster.address(), node -> null);
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Await.result(registry.watch(new WatchOptions().setService(name), events::add));

    String goValue = "{\"name\":\"" + name + "\",\"version\":\"2019.12.01.10.00\",\"metadata\":null,"
      + "\"endpoints\":null,\"nodes\":[{\"id\":\"" + name + "-0b3c\",\"address\":\"10.0.0.7:41234\","
      + "\"metadata\":{\"broker\":\"http\",\"protocol\":\"mucp\",\"registry\":\"kubernetes\"}}]}";
    cluster.runningPod("go-1", "10.0.0.7");
    cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName("go-1").edit(pod -> {
      pod.getMetadata().setLabels(Map.of("micro.mu/type", "service", "micro.mu/selector-" + name, "service"));
      pod.getMetadata().setAnnotations(Map.of("micro.mu/service-" + name, goValue));
      return pod;
    });

    assertThat(Await.result(registry.getService(name))).singleElement().satisfies(service -> {
      assertThat(service.version()).isEqualTo("2019.12.01.10.00");
      assertThat(service.nodes()).singleElement().satisfies(node -> {
        assertThat(node.address()).isEqualTo("10.0.0.7:41234");
        assertThat(node.metadata()).containsEntry("protocol", "mucp");
      });
    });
    assertThat(Await.result(registry.listServices())).extracting(Service::name).contains(name);
    Await.until("the watch to see the Go node", () -> !events.isEmpty());
    assertThat(events.get(0).action()).isEqualTo(WatchEvent.Action.CREATE);

    cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName("go-1").delete();
    Await.until("the watch to see the pod go", () -> events.size() >= 2);
    assertThat(events.get(1).action()).isEqualTo(WatchEvent.Action.DELETE);
    assertThat(events.get(1).service().nodes()).extracting(Node::id).containsExactly(name + "-0b3c");
    Await.result(registry.close());
  }
}
