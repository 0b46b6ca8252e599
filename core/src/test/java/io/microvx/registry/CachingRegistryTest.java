package io.microvx.registry;

import io.microvx.testing.Await;
import io.microvx.testing.FlakyRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CachingRegistryTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry memory = Registry.memory(vertx);
  private final FlakyRegistry backend = new FlakyRegistry(memory);
  private final CachingRegistry cache = Registry.cached(vertx, backend, new CacheOptions()
    .setTtl(Duration.ofMillis(300))
    .setRetryMin(Duration.ofMillis(20))
    .setRetryMax(Duration.ofMillis(100)));

  @AfterEach
  void close() {
    Await.result(cache.close());
    Await.result(memory.close());
    Await.result(vertx.close());
  }

  private static Service greeter(String... nodeIds) {
    return new Service("greeter", "1.0", java.util.Arrays.stream(nodeIds).map(id -> new Node(id, "127.0.0.1:9")).toList());
  }

  private List<String> cachedNodeIds() {
    return nodeIds(cache);
  }

  private static List<String> nodeIds(CachingRegistry cache) {
    List<Service> cached = cache.peek("greeter");
    return cached == null ? List.of() : cached.stream().flatMap(s -> s.nodes().stream()).map(Node::id).toList();
  }

  @Test
  void answersFromMemoryAfterTheFirstLookup() {
    Await.result(memory.register(greeter("a")));
    assertThat(cache.peek("greeter")).isNull();
    assertThat(Await.result(cache.getService("greeter"))).flatExtracting(Service::nodes).hasSize(1);
    Await.until("the watch to start", cache::isWatching);
    int lookups = backend.lookups();
    for (int i = 0; i < 100; i++) {
      assertThat(Await.result(cache.getService("greeter"))).flatExtracting(Service::nodes).hasSize(1);
    }
    assertThat(backend.lookups()).isEqualTo(lookups);
  }

  @Test
  void aFirstLookupReadsTheBackendOnlyOnceTheWatchRunsSoNoChangeFallsBetween() {
    backend.holdWatches();
    Await.result(memory.register(greeter("a")));
    Future<List<Service>> answer = cache.getService("greeter");
    // a change after a read the watch would not cover: lost until the entry's TTL, were the read made now
    Await.result(memory.register(greeter("b")));
    backend.releaseWatches();
    assertThat(Await.result(answer)).flatExtracting(Service::nodes).extracting(Node::id).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aLookupAnsweredAfterTheWatchCameBackIsMadeAgain() {
    // entries trusted for the default minute: only the lookup made again can bring node b in time
    CachingRegistry patient = Registry.cached(vertx, backend,
      new CacheOptions().setRetryMin(Duration.ofMillis(20)).setRetryMax(Duration.ofMillis(100)));
    try {
      backend.down();
      Await.failure(patient.getService("greeter")); // its watch failed to start: lookups go ahead without it
      backend.holdWatches();
      backend.up();
      Await.result(memory.register(greeter("a")));
      backend.holdLookups();
      Future<List<Service>> answer = patient.getService("greeter"); // reads a now, answers later
      Await.result(memory.register(greeter("b"))); // no watch runs to hear of it
      backend.releaseWatches();
      Await.until("the watch to come back", patient::isWatching);
      backend.releaseLookups();
      assertThat(Await.result(answer)).flatExtracting(Service::nodes).extracting(Node::id).containsExactly("a");
      Await.until("the overtaken lookup to be made again", () -> nodeIds(patient).contains("b"));
    } finally {
      Await.result(patient.close());
    }
  }

  @Test
  void aDeleteNamingNoNodeLeavesTheNodesAlone() {
    Await.result(memory.register(greeter("a", "b")));
    Await.result(cache.getService("greeter"));
    Await.until("the watch to start", cache::isWatching);
    vertx.runOnContext(v -> backend.emit(new WatchEvent(WatchEvent.Action.DELETE, greeter())));
    Await.result(memory.deregister(greeter("a")));
    Await.until("node a to go", () -> !cachedNodeIds().contains("a"));
    assertThat(cachedNodeIds()).as("as go-micro's cache: a node-less delete removes nothing").containsExactly("b");
  }

  @Test
  void aVersionlessDeleteRemovesItsNodesFromEveryCachedVersion() {
    Await.result(memory.register(greeter("a", "b")));
    Await.result(memory.register(new Service("greeter", "2.0", List.of(new Node("a", "127.0.0.1:9")))));
    Await.result(cache.getService("greeter"));
    Await.until("the watch to start", cache::isWatching);
    // as an etcd delete or an mDNS goodbye would say it: node a is gone, whatever its version
    Service nodeA = new Service("greeter", null, greeter("a").nodes());
    vertx.runOnContext(v -> backend.emit(new WatchEvent(WatchEvent.Action.DELETE, nodeA)));
    Await.until("node a to go", () -> !cachedNodeIds().contains("a"));
    assertThat(cache.peek("greeter")).as("version 2.0 went with its only node").containsExactly(greeter("b"));
  }

  @Test
  void followsTheWatchForChanges() {
    Await.result(memory.register(greeter("a")));
    Await.result(cache.getService("greeter"));
    Await.until("the watch to start", cache::isWatching);

    Await.result(memory.register(greeter("b")));
    Await.until("node b to appear", () -> cachedNodeIds().contains("b"));
    Await.result(memory.deregister(greeter("a")));
    Await.until("node a to go", () -> cachedNodeIds().equals(List.of("b")));
  }

  @Test
  void servesTheLastKnownNodesWhileTheBackendFailsAndRecoversAfter() {
    Await.result(memory.register(greeter("a", "b")));
    Await.result(cache.getService("greeter"));
    Await.until("the watch to start", cache::isWatching);

    backend.down();
    Await.until("the cache to notice the broken watch", () -> !cache.isWatching());
    // the entry is now stale and refreshes keep failing: the known nodes are still served
    long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
    int before = backend.lookups();
    while (System.nanoTime() < until) {
      assertThat(Await.result(cache.getService("greeter"))).flatExtracting(Service::nodes)
        .extracting(Node::id).containsExactlyInAnyOrder("a", "b");
    }
    assertThat(backend.lookups()).as("refreshes were attempted while down").isGreaterThan(before);

    // the backend changes while unreachable from us, then returns
    Await.result(memory.deregister(greeter("a")));
    backend.up();
    Await.until("the watch to come back", cache::isWatching);
    Await.until("the cache to catch up with the change it missed", () -> cachedNodeIds().equals(List.of("b")));
  }

  /** The cache knows node a; the registry goes away and comes back without it, as a restarted one does. */
  private void cacheNodeAThenReturnWithoutIt() {
    cacheNodeAThenLoseItWithTheRegistry();
    backend.up();
  }

  /** The cache knows node a; the registry goes away, and loses it meanwhile. */
  private void cacheNodeAThenLoseItWithTheRegistry() {
    Await.result(memory.register(greeter("a")));
    Await.result(cache.getService("greeter"));
    Await.until("the watch to start", cache::isWatching);
    backend.down();
    Await.until("the cache to notice the broken watch", () -> !cache.isWatching());
    Await.result(memory.deregister(greeter("a")));
  }

  @Test
  void aRegistryBackWithoutAServiceHasItsLastNodesKeptWhileTheyRegisterAgain() {
    cacheNodeAThenReturnWithoutIt();
    Await.until("the refresh after the return to find the service gone", () -> cache.keptAfterReturn("greeter"));
    assertThat(cachedNodeIds()).as("the last known node is still served").containsExactly("a");
    Await.result(memory.register(greeter("a"))); // the service registers again, as its watch makes it do
    Await.until("the registration to reach the cache", () -> Await.result(backend.getService("greeter")).size() == 1);
    assertThat(cachedNodeIds()).containsExactly("a");

    // a service that does not come back is gone once the grace is over
    Await.result(memory.deregister(greeter("a")));
    Await.until("the deregistration to empty the entry", () -> cachedNodeIds().isEmpty());
    backend.down();
    Await.until("the cache to notice the broken watch", () -> !cache.isWatching());
    Await.result(memory.register(greeter("z")));
    Await.result(memory.deregister(greeter("z")));
    backend.up();
    Await.until("the watch to come back", cache::isWatching);
    assertThat(cache.keptAfterReturn("greeter")).as("nothing to keep for an empty entry").isFalse();
  }

  @Test
  void aLookupReachingTheReturnedRegistryBeforeTheWatchDoesKeepsTheLastNodesToo() {
    cacheNodeAThenLoseItWithTheRegistry();
    backend.holdWatches(); // the registry answers lookups again before a watch can start on it
    backend.up();

    Await.until("a lookup polling the registry to find the service gone", () -> {
      Await.result(cache.getService("greeter")); // while unwatched, lookups poll
      return cache.keptAfterReturn("greeter");
    });
    assertThat(cachedNodeIds()).as("the last known node is still served").containsExactly("a");
    backend.releaseWatches();
    Await.until("the watch to come back", cache::isWatching);
  }

  @Test
  void keptNodesGoOnceTheGraceIsOverIfTheyDoNotRegisterAgain() {
    cacheNodeAThenReturnWithoutIt();
    Await.until("the node to be kept after the return", () -> cache.keptAfterReturn("greeter"));
    Await.until("the grace to end and the entry to follow the registry", () -> {
      Await.result(cache.getService("greeter")); // lookups refresh a due entry
      return cachedNodeIds().isEmpty();
    });
    assertThat(cache.keptAfterReturn("greeter")).isFalse();
  }

  @Test
  void aFailureNeverEmptiesAKnownService() {
    Await.result(memory.register(greeter("a")));
    Await.result(cache.getService("greeter"));
    backend.down();
    for (int i = 0; i < 50; i++) {
      assertThat(Await.result(cache.getService("greeter"))).isNotEmpty();
    }
    assertThat(cachedNodeIds()).containsExactly("a");
  }

  @Test
  void aFirstLookupFailsWhenTheBackendDoes() {
    backend.down();
    assertThat(Await.failure(cache.getService("greeter"))).hasMessageContaining("unreachable");
  }

  @Test
  void onlyASuccessfulAnswerEmptiesAService() {
    Await.result(memory.register(greeter("a")));
    Await.result(cache.getService("greeter"));
    Await.until("the watch to start", cache::isWatching);
    Await.result(memory.deregister(greeter("a")));
    Await.until("the deregistration to reach the cache", () -> cache.peek("greeter").isEmpty());
  }
}
