package io.microvx.registry.consul;

import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.consul.fake.FakeConsul;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a registration takes to reach another registry's watch (its own Vert.x, as another process
 * would have), over the fake agent on loopback: printed, not asserted, as it measures this machine.
 */
class ConsulWatchPropagationTest {

  @Test
  void registerToAnotherWatcherMedianOf20() {
    FakeConsul consul = FakeConsul.start();
    Vertx registering = Vertx.vertx();
    Vertx watching = Vertx.vertx();
    try {
      ConsulRegistryOptions options = new ConsulRegistryOptions().setAddress(consul.address()).setWait(Duration.ofSeconds(30));
      Registry writer = ConsulRegistryProvider.registry(registering, options);
      Registry reader = ConsulRegistryProvider.registry(watching, options);
      String name = "go.micro.srv.propagation";
      Map<String, Long> seen = new ConcurrentHashMap<>();
      Await.result(reader.watch(new WatchOptions().setService(name), event -> {
        if (event.action() != WatchEvent.Action.DELETE) {
          event.service().nodes().forEach(node -> seen.putIfAbsent(node.id(), System.nanoTime()));
        }
      }));
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = "propagation-" + i;
        long began = System.nanoTime();
        Await.result(writer.register(new Service(name, "1.0", List.of(new Node(id, "127.0.0.1:" + (5000 + i)))),
          new RegisterOptions().setTtl(Duration.ofMinutes(1))));
        Await.until("the watcher to see " + id, () -> seen.containsKey(id));
        micros.add((seen.get(id) - began) / 1_000);
      }
      List<Long> sorted = new ArrayList<>(micros);
      Collections.sort(sorted);
      double median = (sorted.get(9) + sorted.get(10)) / 2.0;
      System.out.printf("consul watch propagation (register -> another registry's watcher, fake agent on loopback):"
        + " median %.2f ms of 20, min %.2f ms, max %.2f ms%n", median / 1000, sorted.get(0) / 1000.0, sorted.get(19) / 1000.0);
      assertThat(micros).hasSize(20);
      Await.result(writer.close());
      Await.result(reader.close());
    } finally {
      Await.result(registering.close());
      Await.result(watching.close());
      consul.close();
    }
  }
}
