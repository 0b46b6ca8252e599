package io.microvx.registry.etcd;

import io.microvx.registry.Registry;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A node whose process is killed stops renewing: its lease lapses and another process's watch sees it go. */
class EtcdKilledNodeTest {

  @Test
  void aKilledNodeDisappearsWithItsLeaseAndTheWatchSeesTheDelete() throws IOException, InterruptedException {
    String etcd = RealServers.etcd();
    String name = "killed-" + UUID.randomUUID().toString().substring(0, 8);
    String nodeId = name + "-1";
    Vertx vertx = Vertx.vertx();
    Registry registry = EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(etcd)));
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Await.result(registry.watch(new WatchOptions().setService(name), events::add));

    Process node = new ProcessBuilder(EtcdProcess.java(EtcdNodeMain.class.getName(), etcd, name, nodeId))
      .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("registered");
      Await.until("the watch to see the node", () -> events.size() == 1);
      assertThat(events.get(0).action()).isEqualTo(WatchEvent.Action.CREATE);

      node.destroyForcibly().waitFor();
      long killed = System.nanoTime();
      Await.until("the lapsed node's delete", Duration.ofSeconds(30), () -> events.size() == 2);
      long millis = (System.nanoTime() - killed) / 1_000_000;
      assertThat(events.get(1).action()).isEqualTo(WatchEvent.Action.DELETE);
      assertThat(events.get(1).service().nodes()).singleElement().satisfies(n -> assertThat(n.id()).isEqualTo(nodeId));
      assertThat(Await.result(registry.getService(name))).isEmpty();
      System.out.printf("etcd: killed node (TTL 2 s) gone from another process's watch %d ms after the kill%n", millis);
    } finally {
      node.destroyForcibly();
      Await.result(registry.close());
      Await.result(vertx.close());
    }
  }
}
