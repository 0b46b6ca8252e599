package io.microvx.registry.kubernetes;

import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pods that stop running, a watch cut by the server and resumed (or told its resourceVersion is gone),
 * and how fast a registration reaches a watcher in another Vert.x.
 */
class KubernetesWatchTest {

  private static final String NAME = "go.micro.srv.watched";
  private MockCluster cluster;
  private Vertx vertx;
  private Vertx otherVertx;
  private Function<Node, String> pods;
  private final List<Registry> registries = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    pods = cluster.podPerNode();
    vertx = Vertx.vertx();
    otherVertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    registries.forEach(r -> Await.result(r.close()));
    Await.result(otherVertx.close());
    Await.result(vertx.close());
    cluster.close();
  }

  /** A registry dialling the API server through the gate the test cuts. */
  private Registry watching() {
    Registry registry = cluster.registry(vertx, cluster.address(), pods);
    registries.add(registry);
    return registry;
  }

  /** A registry of another process, dialling the API server directly. */
  private Registry other() {
    Registry registry = cluster.registry(otherVertx, cluster.directAddress(), pods);
    registries.add(registry);
    return registry;
  }

  private static Service node(String id) {
    return new Service(NAME, "1.0", List.of(new Node(id, MockCluster.POD_IP + ":4000", Map.of())));
  }

  private static List<String> described(List<WatchEvent> events) {
    return events.stream().map(e -> e.action() + " " + e.service().nodes().stream().map(Node::id).toList()).toList();
  }

  @Test
  void aPodThatStopsRunningLeavesLookupsAndTheWatchAndComesBackWhenRunningAgain() {
    Registry registry = watching();
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Await.result(registry.watch(new WatchOptions().setService(NAME), events::add));
    Await.result(other().register(node("runner")));
    Await.result(other().register(node("stayer")));
    Await.until("both nodes watched", () -> events.size() == 2);

    cluster.phase("runner", "Failed", MockCluster.POD_IP);
    Await.until("the stopped pod's node to go", () -> events.size() == 3);
    assertThat(described(events).get(2)).isEqualTo("DELETE [runner]");
    assertThat(Await.result(registry.getService(NAME))).flatExtracting(Service::nodes).extracting(Node::id)
      .containsExactly("stayer");
    assertThat(Await.result(registry.listServices())).flatExtracting(Service::nodes).extracting(Node::id)
      .containsExactly("stayer");

    cluster.phase("runner", "Running", MockCluster.POD_IP);
    Await.until("the node to be back", () -> events.size() == 4);
    assertThat(described(events).get(3)).isEqualTo("UPDATE [runner]");
    assertThat(Await.result(registry.getService(NAME))).flatExtracting(Service::nodes).extracting(Node::id)
      .containsExactlyInAnyOrder("runner", "stayer");

    cluster.admin().pods().inNamespace(MockCluster.NAMESPACE).withName("stayer").delete();
    Await.until("the deleted pod's node to go", () -> events.size() == 5);
    assertThat(described(events).get(4)).isEqualTo("DELETE [stayer]");
  }

  @Test
  void aWatchCutByTheServerResumesFromTheLastVersionSeenWithoutLosingAChange() {
    int lists = cutWhileChanging(false);
    assertThat(cluster.podLists()).as("resumed, not listed again").isEqualTo(lists);
    List<String> from = cluster.watchedFrom();
    assertThat(from).hasSizeGreaterThanOrEqualTo(2);
    assertThat(Long.parseLong(from.get(from.size() - 1))).as("from the version of the last event seen, past the list's")
      .isGreaterThan(Long.parseLong(from.get(0)));
  }

  @Test
  void aWatchWhoseResourceVersionIsGoneListsThePodsAgainAndLosesNoChange() {
    int lists = cutWhileChanging(true);
    assertThat(cluster.goneAnswered()).as("the resumed watch was answered 410 Gone").isTrue();
    assertThat(cluster.podLists()).as("listed again after the 410").isGreaterThan(lists);
  }

  /** Cuts the watch while two changes are made, and checks both arrive; returns the pod lists made before the cut. */
  private int cutWhileChanging(boolean gone) {
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Watcher watcher = Await.result(watching().watch(new WatchOptions().setService(NAME), events::add));
    Registry other = other();
    Await.result(other.register(node("before")));
    Await.until("the first change", () -> events.size() == 1);
    pods.apply(new Node("during", "")); // the kubelet made the pod beforehand

    if (gone) {
      cluster.goneAtNextResume();
    }
    int lists = cluster.podLists();
    cluster.gate().takeDown(); // the watch's connection is cut
    Await.result(other.register(node("during")));
    Await.result(other.deregister(node("before")));
    cluster.gate().bringBack();

    Await.until("the changes made while the watch was cut", () -> events.size() == 3);
    assertThat(described(events).get(0)).isEqualTo("CREATE [before]");
    // resumed, the server sends each pod as it is now: the two changes come in the order of the pods
    assertThat(described(events).subList(1, 3)).containsExactlyInAnyOrder("DELETE [before]",
      described(events).get(1).startsWith("CREATE") ? "CREATE [during]" : "UPDATE [during]");
    assertThat(watcher.closed().isComplete()).as("the watch goes on").isFalse();
    assertThat(Await.result(watching().getService(NAME))).flatExtracting(Service::nodes).extracting(Node::id)
      .containsExactly("during");
    return lists;
  }

  @Test
  void aWatchStartTheApiServerNeverAnswersFailsAfterTheTimeout() {
    cluster.gate().swallowWatches(true);
    Registry registry = cluster.registry(vertx, cluster.address(), pods, Duration.ofSeconds(2));
    registries.add(registry);
    MicroException failure = (MicroException) Await.failure(registry.watch(new WatchOptions().setService(NAME), event -> { }));
    assertThat(failure.code()).isEqualTo(504);
    assertThat(failure.detail()).isEqualTo("kubernetes API at " + cluster.address() + " did not answer in time (watch pods)");
  }

  @Test
  void watchPropagationMedianOfTwenty() {
    for (int i = 0; i < 20; i++) {
      pods.apply(new Node("p-" + i, "")); // pods exist before their service registers, as in a cluster
    }
    Map<String, Long> seen = new ConcurrentHashMap<>();
    Await.result(watching().watch(new WatchOptions().setService(NAME),
      event -> event.service().nodes().forEach(n -> seen.putIfAbsent(n.id(), System.nanoTime()))));
    Registry other = other();
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "p-" + i;
      long start = System.nanoTime();
      Await.result(other.register(node(id)));
      Await.until("the watcher to see " + id, () -> seen.containsKey(id));
      micros.add((seen.get(id) - start) / 1000);
      Await.result(other.deregister(node(id)));
    }
    micros.sort(Long::compare);
    System.out.printf("kubernetes watch propagation (register -> other Vert.x's watcher, fabric8 mock API), median of 20:"
      + " %.2f ms (min %.2f, max %.2f)%n", micros.get(10) / 1000.0, micros.get(0) / 1000.0, micros.get(19) / 1000.0);
    assertThat(seen).hasSize(20);
  }
}
