package io.microvx.registry;

import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryRegistryTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(registry.close());
    Await.result(vertx.close());
  }

  private static Service greeter(String version, String... nodeIds) {
    List<Node> nodes = java.util.Arrays.stream(nodeIds).map(id -> new Node(id, "127.0.0.1:" + (1000 + id.length()))).toList();
    return new Service("greeter", version, Map.of(), List.of(), nodes);
  }

  @Test
  void registersAndDeregistersNodesGroupedByVersion() {
    Await.result(registry.register(greeter("1.0", "a", "bb")));
    Await.result(registry.register(greeter("2.0", "ccc")));

    List<Service> found = Await.result(registry.getService("greeter"));
    assertThat(found).extracting(Service::version).containsExactlyInAnyOrder("1.0", "2.0");
    assertThat(found.stream().filter(s -> s.version().equals("1.0")).findFirst().orElseThrow().nodes())
      .extracting(Node::id).containsExactlyInAnyOrder("a", "bb");

    Await.result(registry.deregister(greeter("1.0", "a")));
    assertThat(Await.result(registry.getService("greeter")))
      .flatExtracting(Service::nodes).extracting(Node::id).containsExactlyInAnyOrder("bb", "ccc");

    Await.result(registry.deregister(greeter("1.0", "bb")));
    assertThat(Await.result(registry.getService("greeter"))).extracting(Service::version).containsExactly("2.0");
    assertThat(Await.result(registry.listServices())).extracting(Service::name).containsExactly("greeter");
  }

  @Test
  void anUnknownServiceIsAnEmptyListNotAFailure() {
    assertThat(Await.result(registry.getService("nobody"))).isEmpty();
  }

  @Test
  void rejectsAServiceWithoutName() {
    Throwable failure = Await.failure(registry.register(new Service("", "1", List.of())));
    assertThat(failure).hasMessageContaining("needs a name");
  }

  @Test
  void nodesLapseWhenTheirTtlPassesAndADeleteEventSaysSo() {
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Await.result(registry.watch(new WatchOptions().setService("greeter"), events::add));
    Await.result(registry.register(greeter("1.0", "short"), new RegisterOptions().setTtl(Duration.ofMillis(300))));
    Await.result(registry.register(greeter("1.0", "forever")));

    io.microvx.testing.Await.until("the short-lived node to lapse", () ->
      events.stream().anyMatch(e -> e.action() == WatchEvent.Action.DELETE));

    WatchEvent delete = events.stream().filter(e -> e.action() == WatchEvent.Action.DELETE).findFirst().orElseThrow();
    assertThat(delete.service().nodes()).extracting(Node::id).containsExactly("short");
    assertThat(Await.result(registry.getService("greeter"))).flatExtracting(Service::nodes)
      .extracting(Node::id).containsExactly("forever");
  }

  @Test
  void renewingInTimeKeepsANodeAliveAndStoppingLetsItLapse() {
    RegisterOptions ttl = new RegisterOptions().setTtl(Duration.ofMillis(1000));
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Await.result(registry.watch(new WatchOptions(), events::add));
    java.util.concurrent.atomic.AtomicInteger renewals = new java.util.concurrent.atomic.AtomicInteger();
    long timer = vertx.setPeriodic(100, id -> {
      registry.register(greeter("1.0", "renewed"), ttl);
      renewals.incrementAndGet();
    });
    Await.until("25 renewals, two and a half TTLs' worth", () -> renewals.get() >= 25);
    assertThat(events).extracting(WatchEvent::action).containsExactly(WatchEvent.Action.CREATE);

    vertx.cancelTimer(timer);
    Await.until("the node to lapse once renewals stop", () ->
      events.stream().anyMatch(e -> e.action() == WatchEvent.Action.DELETE));
    assertThat(Await.result(registry.getService("greeter"))).isEmpty();
  }

  @Test
  void watchersSeeCreateUpdateAndDeleteInOrder() {
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Watcher watcher = Await.result(registry.watch(new WatchOptions(), events::add));
    Await.result(registry.register(greeter("1.0", "a")));
    Await.result(registry.register(greeter("1.0", "a"))); // a renewal: nothing changed, no event
    Await.result(registry.register(greeter("1.0", "bb")));
    Await.result(registry.deregister(greeter("1.0", "a", "bb")));
    Await.until("three events", () -> events.size() >= 3);

    assertThat(events).extracting(WatchEvent::action)
      .containsExactly(WatchEvent.Action.CREATE, WatchEvent.Action.UPDATE, WatchEvent.Action.DELETE);
    assertThat(events.get(2).service().nodes()).extracting(Node::id).containsExactlyInAnyOrder("a", "bb");

    Await.result(watcher.stop());
    assertThat(watcher.closed().succeeded()).isTrue();
    Await.result(registry.register(greeter("3.0", "late")));
    assertThat(Await.result(registry.getService("greeter"))).hasSize(1);
    assertThat(events).hasSize(3);
  }

  @Test
  void theSharedStoreIsSharedAcrossVertxInstances() {
    Vertx other = Vertx.vertx();
    try {
      Registry mine = Registry.sharedMemory(vertx, "shared-test");
      Registry theirs = Registry.sharedMemory(other, "shared-test");
      Await.result(mine.register(greeter("1.0", "a")));
      assertThat(Await.result(theirs.getService("greeter"))).flatExtracting(Service::nodes).hasSize(1);
      Await.result(mine.deregister(greeter("1.0", "a")));
      assertThat(Await.result(theirs.getService("greeter"))).isEmpty();
    } finally {
      Await.result(other.close());
    }
  }

  @Test
  void aWatcherWhoseVertxClosedDoesNotBreakRegistration() {
    Vertx gone = Vertx.vertx();
    Registry shared = Registry.sharedMemory(vertx, "closed-watcher-test");
    Await.result(Registry.sharedMemory(gone, "closed-watcher-test").watch(new WatchOptions(), e -> { }));
    Await.result(gone.close()); // without stopping its watch
    Await.result(shared.register(greeter("1.0", "a")));
    Await.result(shared.register(greeter("1.0", "bb")));
    assertThat(Await.result(shared.getService("greeter"))).flatExtracting(Service::nodes).hasSize(2);
  }
}
