package io.microvx.nats;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Deadlines;
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

  /** Each node's options; a case may change them before it starts its nodes. */
  private final JsonObject nodeOptions = new JsonObject()
    .put("registry", "memory").put("broker", "nats").put("broker_address", server.url())
    .put("nats_reconnect_wait", "100ms").put("fault_topic", "orders");

  @RegisterExtension
  final FaultFixture fixture = new FaultFixture(() -> nodeOptions, null, server::restart, 11);

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

  @Test
  void ordersQueuedWhileTheNodesWereDownAreDroppedOnceTheirCallersDeadlinePassedAndTakenOtherwise() {
    Set<String> taken = queuedWhileTheNodesWereDown(true, 200, 100);
    assertThat(taken).as("the orders whose deadline had not passed, and no other").hasSize(200)
      .allMatch(id -> !id.startsWith("late-"));
  }

  @Test
  void withoutDropExpiredTheNodesTakeOrdersWhoseCallersGaveUpLongAgo() {
    Set<String> taken = queuedWhileTheNodesWereDown(false, 300, 0);
    assertThat(taken).as("every order, late ones included").hasSize(300)
      .filteredOn(id -> id.startsWith("late-")).hasSize(100);
  }

  /**
   * A node makes the group's durable and stops; with no node running, 100 orders are published with 1 s left of
   * their caller's deadline (the {@code Micro-Deadline} a publish inside a call with 1 s left carries), 100 with an
   * hour left and 100 without one. Once the short deadlines passed two nodes start; this waits until they took
   * {@code handled} orders and dropped {@code expired}, and returns the ids they took.
   */
  private Set<String> queuedWhileTheNodesWereDown(boolean dropExpired, int handled, long expired) {
    nodeOptions.put("drop_expired", dropExpired);
    fixture.start().stop(); // the group's durable stays, with nobody pulling from it
    Broker publisher = NatsBroker.create(vertx, new NatsOptions().setServers(List.of(server.url())), new BrokerOptions());
    Await.result(publisher.connect());
    long late = System.currentTimeMillis() + 1_000;
    long hourAhead = System.currentTimeMillis() + 3_600_000;
    for (int i = 0; i < 100; i++) {
      publishOrder(publisher, "late-" + i, late);
      publishOrder(publisher, "hour-" + i, hourAhead);
      publishOrder(publisher, "none-" + i, 0);
    }
    Await.until("the late orders' deadline to pass", () -> System.currentTimeMillis() > late);

    List<FaultFixture.Node> nodes = fixture.start(2);
    Await.until(handled + " orders taken and " + expired + " dropped", Duration.ofSeconds(90),
      () -> taken(nodes).size() >= handled && expired(nodes) >= expired);
    Set<String> taken = taken(nodes);
    System.out.printf("reliability | orders queued while the nodes were down, drop_expired=%s | 300 published (100 with"
      + " 1 s left, 100 with an hour, 100 without a deadline), %d taken (%d late), %d dropped as expired%n", dropExpired,
      taken.size(), taken.stream().filter(id -> id.startsWith("late-")).count(), expired(nodes));
    assertThat(expired(nodes)).as("orders dropped as expired").isEqualTo(expired);
    Await.result(publisher.disconnect());
    return taken;
  }

  private static void publishOrder(Broker publisher, String id, long deadlineMillis) {
    Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Type", "application/json", "Micro-Id", id));
    if (deadlineMillis > 0) {
      headers.put(Deadlines.HEADER, Long.toString(deadlineMillis));
    }
    Await.result(publisher.publish("orders", new Message(headers, Buffer.buffer(new JsonObject().put("id", id).encode()))),
      Duration.ofSeconds(30));
  }

  private static long expired(List<FaultFixture.Node> nodes) {
    return nodes.stream().mapToLong(FaultFixture.Node::expired).sum();
  }

  private static Set<String> taken(List<FaultFixture.Node> nodes) {
    Set<String> all = new HashSet<>();
    nodes.forEach(node -> all.addAll(node.received()));
    return all;
  }
}
