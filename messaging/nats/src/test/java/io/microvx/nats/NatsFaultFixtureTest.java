package io.microvx.nats;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Message;
import io.microvx.testing.Await;
import io.microvx.testing.faults.FaultFixture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault fixture's broker restart, on a nats-server this test owns: two service nodes, each a JVM of its
 * own, share a durable queue subscription (one JetStream durable for the group) while this test publishes
 * and restarts the server halfway; every message published must be taken by one of them.
 */
class NatsFaultFixtureTest {

  private static final int TOTAL = 600;

  private final NatsProcess server = NatsProcess.start();
  private final Vertx vertx = Vertx.vertx();

  @RegisterExtension
  final FaultFixture fixture = new FaultFixture(() -> new JsonObject()
    .put("registry", "memory").put("broker", "nats").put("broker_address", server.url())
    .put("nats_reconnect_wait", "100ms").put("fault_topic", "orders"), null, server::restart, 11);

  @AfterEach
  void close() {
    Await.result(vertx.close());
    server.close();
  }

  @Test
  void aBrokerRestartWhileTwoNodesShareADurableQueueLosesNoMessage() {
    List<FaultFixture.Node> nodes = fixture.start(2);
    Broker publisher = NatsBroker.create(vertx, new NatsOptions().setServers(List.of(server.url()))
      .setReconnectWait(Duration.ofMillis(100)), new BrokerOptions());
    Await.result(publisher.connect());

    int refusals = 0;
    for (int i = 0; i < TOTAL; i++) {
      if (i == TOTAL / 2) {
        fixture.restartBroker();
      }
      // each order until the broker accepts it: one refused while the server is away is sent again
      Message order = new Message(Map.of("Content-Type", "application/json", "Micro-Id", "order-" + i),
        Buffer.buffer(new JsonObject().put("id", "order-" + i).encode()));
      while (Await.result(publisher.publish("orders", order).transform(ar -> io.vertx.core.Future.succeededFuture(ar.succeeded())),
        Duration.ofSeconds(40)) != Boolean.TRUE) {
        refusals++;
      }
    }
    Await.until("every order taken by a node", Duration.ofSeconds(90), () -> taken(nodes).size() == TOTAL);

    Set<String> byFirst = nodes.get(0).received();
    Set<String> bySecond = nodes.get(1).received();
    Set<String> both = new HashSet<>(byFirst);
    both.retainAll(bySecond);
    System.out.printf("reliability | broker restart, 2 nodes on one durable queue | %d published (%d refusals sent again),"
      + " %d taken: %d and %d by node, %d by both%n", TOTAL, refusals, taken(nodes).size(), byFirst.size(), bySecond.size(),
      both.size());
    assertThat(taken(nodes)).hasSize(TOTAL);
    Await.result(publisher.disconnect());
  }

  private static Set<String> taken(List<FaultFixture.Node> nodes) {
    Set<String> all = new HashSet<>();
    nodes.forEach(node -> all.addAll(node.received()));
    return all;
  }
}
