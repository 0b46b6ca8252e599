package io.microvx.registry.vertx;

import io.microvx.plugin.Plugins;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** What only a cluster shows: a member that goes stops renewing, and how fast a change reaches another member. */
class VertxClusterTest {

  private final String prefix = "cluster-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private final List<Registry> registries = new ArrayList<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    watchers.forEach(watcher -> Await.result(watcher.stop()));
    registries.forEach(registry -> Await.result(registry.close()));
    Await.result(vertx.close());
  }

  /**
   * The leaving member is the one the plugin starts itself ({@code cluster=true} on a Vert.x that is not
   * clustered, as a service would): closing that registry closes its Vert.x without deregistering, as a
   * killed process would go, and no renewal comes.
   */
  @Test
  void aMemberThatStopsRenewingDisappearsWithinItsTtlAndAnotherMembersWatchSeesTheDelete() {
    Registry staying = registry(TestCluster.members().get(1));
    String name = prefix + "leaving";
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    watch(staying, name, events::add);
    JsonObject config = TestCluster.options(TestCluster.members().get(0)).toJson().put("cluster", "true");
    Registry leaving = Plugins.registry(vertx, "vertx", config);
    // long enough for the other member to read the registration on a loaded machine before it lapses
    Duration ttl = Duration.ofSeconds(10);
    Node node = new Node("leaving-1", "127.0.0.1:10001");
    Await.result(leaving.register(new Service(name, "1.0", List.of(node)), new RegisterOptions().setTtl(ttl)),
      Duration.ofSeconds(90));
    // read, not watched: the first announcement of a member that has just joined may reach no other member
    // (the event bus's subscriptions are still spreading), and the delete below comes from the sweep anyway
    Await.until("the registration to reach the other member", () -> Await.result(staying.getService(name)).stream()
      .anyMatch(s -> s.nodes().contains(node)));
    Await.until("the plugin's own member to be in the cluster", () -> TestCluster.hazelcastMembers(TestCluster.members().get(1)) == 3);

    long closed = System.nanoTime();
    Await.result(leaving.close(), Duration.ofSeconds(60));
    Await.until("its member to leave the cluster", () -> TestCluster.hazelcastMembers(TestCluster.members().get(1)) == 2);
    Await.until("the other member's watch to see the delete", ttl.plus(Await.DEFAULT),
      () -> events.stream().anyMatch(e -> e.action() == WatchEvent.Action.DELETE));
    long afterMs = (System.nanoTime() - closed) / 1_000_000;
    System.out.printf("vertx registry: a node of a closed member (TTL %d ms) deleted %d ms after the close%n",
      ttl.toMillis(), afterMs);
    assertThat(events.stream().filter(e -> e.action() == WatchEvent.Action.DELETE).findFirst().orElseThrow()
      .service().nodes()).containsExactly(node);
    assertThat(Await.result(staying.getService(name))).isEmpty();
  }

  @Test
  void watchPropagationAcrossMembersMedianOfTwenty() {
    Registry watching = registry(TestCluster.members().get(0));
    Registry registering = registry(TestCluster.members().get(1));
    String name = prefix + "propagation";
    Map<String, Long> seen = new ConcurrentHashMap<>();
    watch(watching, name, event -> event.service().nodes().forEach(n -> seen.putIfAbsent(n.id(), System.nanoTime())));
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "node-" + i;
      long began = System.nanoTime();
      Await.result(registering.register(new Service(name, "1.0", List.of(new Node(id, "127.0.0.1:" + (20_000 + i))))));
      Await.until("the watch of the other member to see " + id, () -> seen.containsKey(id));
      micros.add((seen.get(id) - began) / 1_000);
    }
    List<Long> sorted = micros.stream().sorted().toList();
    long median = (sorted.get(9) + sorted.get(10)) / 2;
    System.out.printf("vertx registry: watch propagation across members (register -> other member's watch), "
      + "median of 20: %.2f ms (min %.2f, max %.2f)%n", median / 1000.0, sorted.get(0) / 1000.0, sorted.get(19) / 1000.0);
    assertThat(seen).hasSize(20);
    Await.result(registering.deregister(new Service(name, null,
      java.util.stream.IntStream.range(0, 20).mapToObj(i -> new Node("node-" + i, "")).toList())));
  }

  private Registry registry(Vertx member) {
    Registry registry = VertxRegistryProvider.registry(member, TestCluster.options(null));
    registries.add(registry);
    return registry;
  }

  /** A watch started from a context of the test's own Vert.x. */
  private void watch(Registry registry, String service, Consumer<WatchEvent> handler) {
    Context context = vertx.getOrCreateContext();
    Promise<Watcher> started = Promise.promise();
    context.runOnContext(v -> registry.watch(new WatchOptions().setService(service), handler::accept).onComplete(started));
    watchers.add(Await.result(started.future()));
  }
}
