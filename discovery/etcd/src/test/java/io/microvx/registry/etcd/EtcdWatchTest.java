package io.microvx.registry.etcd;

import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.microvx.testing.TcpGate;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch across a broken connection, and how fast a change reaches a watcher in another Vert.x. */
class EtcdWatchTest {

  private final String name = "watch-" + UUID.randomUUID().toString().substring(0, 8);
  private String etcd;
  private Vertx vertx;
  private Vertx otherVertx;
  private TcpGate gate;
  private final List<Registry> registries = new ArrayList<>();

  @BeforeEach
  void start() {
    etcd = RealServers.etcd();
    vertx = Vertx.vertx();
    otherVertx = Vertx.vertx();
    gate = TcpGate.open(vertx, etcd);
  }

  @AfterEach
  void stop() {
    if (gate == null) {
      return;
    }
    registries.forEach(r -> Await.result(r.close()));
    gate.close();
    Await.result(otherVertx.close());
    Await.result(vertx.close());
  }

  private Registry registry(Vertx in, String address) {
    Registry registry = EtcdRegistryProvider.registry(in, new EtcdRegistryOptions().setEndpoints(List.of(address)));
    registries.add(registry);
    return registry;
  }

  private Service node(String id) {
    return new Service(name, "1.0", List.of(new Node(id, "127.0.0.1:4000", Map.of())));
  }

  @Test
  void aBrokenWatchIsReopenedFromTheLastRevisionSoNoChangeIsMissed() {
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Watcher watcher = Await.result(registry(vertx, gate.address()).watch(new WatchOptions().setService(name), events::add));
    Registry direct = registry(otherVertx, etcd);
    Await.result(direct.register(node("before")));
    Await.until("the first change", () -> events.size() == 1);

    gate.takeDown(); // the watch's connection is cut
    Await.result(direct.register(node("during")));
    Await.result(direct.deregister(node("before")));
    gate.bringBack();

    Await.until("the changes made while the watch was cut", () -> events.size() == 3);
    assertThat(events).extracting(e -> e.action() + " " + e.service().nodes().get(0).id())
      .containsExactly("CREATE before", "CREATE during", "DELETE before");
    assertThat(watcher.closed().isComplete()).as("the watch goes on").isFalse();
    Await.result(direct.deregister(node("during")));
  }

  @Test
  void watchPropagationMedianOfTwenty() {
    Map<String, Long> seen = new ConcurrentHashMap<>();
    Await.result(registry(vertx, etcd).watch(new WatchOptions().setService(name),
      event -> event.service().nodes().forEach(n -> seen.putIfAbsent(n.id(), System.nanoTime()))));
    Registry other = registry(otherVertx, etcd);
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "p-" + i;
      long start = System.nanoTime();
      Await.result(other.register(node(id), new RegisterOptions()));
      Await.until("the watcher to see " + id, () -> seen.containsKey(id));
      micros.add((seen.get(id) - start) / 1000);
      Await.result(other.deregister(node(id)));
    }
    micros.sort(Long::compare);
    System.out.printf("etcd watch propagation (register -> other Vert.x's watcher), median of 20: %.2f ms (min %.2f, max %.2f)%n",
      micros.get(10) / 1000.0, micros.get(0) / 1000.0, micros.get(19) / 1000.0);
    assertThat(seen).hasSize(20);
  }
}
