package io.microvx.broker.rabbitmq;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Event;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.testing.Await;
import io.microvx.testing.BrokerContract;
import io.microvx.testing.RealServers;
import io.microvx.testing.TcpGate;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker contract against a real RabbitMQ (scripts/services/start rabbitmq), durable cases included,
 * each test on an exchange of its own; plus what only this broker does.
 */
class RabbitMqBrokerTest extends BrokerContract {

  /** The durable names the contract's cases use: durable queues outlive a test, so each starts without them. */
  private static final List<String> CONTRACT_DURABLES = List.of("billing", "invoices");

  private String uri;
  /** Between the brokers and RabbitMQ, so a test can cut every connection as a network fault or restart would. */
  private TcpGate gate;
  private final String exchange = "micro-test-" + UUID.randomUUID();
  private final List<String> durables = new CopyOnWriteArrayList<>(CONTRACT_DURABLES);

  @BeforeEach
  void removeDurableQueues() {
    uri = RealServers.rabbitmq();
    gate = TcpGate.open(vertx, URI.create(uri).getHost() + ":" + URI.create(uri).getPort());
    deleteQueues();
  }

  @AfterEach
  void removeDurableQueuesAfter() {
    deleteQueues(); // the gate goes with the fixture's Vert.x, after the brokers disconnected
  }

  private void deleteQueues() {
    RabbitMQClient admin = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(uri));
    Await.result(admin.start());
    for (String queue : durables) {
      Await.result(admin.queueDelete(queue).<Void>mapEmpty().recover(e -> Future.succeededFuture()));
    }
    Await.result(admin.stop());
  }

  /** One process's broker, without starting it (the contract connects it). */
  private Broker unconnected(BrokerOptions options) {
    return RabbitMqBrokerProvider.create(vertx, new RabbitMqBrokerOptions().setUri("amqp://guest:guest@" + gate.address())
      .setExchange(exchange).setReconnectInterval(Duration.ofMillis(200)).setBrokerOptions(options));
  }

  @Override
  protected Broker newBroker(BrokerOptions options) {
    return unconnected(options);
  }

  /** Durable queues keep what is published while nobody consumes. */
  @Override
  protected boolean keepsDurableSubscriptions() {
    return true;
  }

  /**
   * An unroutable publication is dropped by the exchange unseen: noticing it takes the mandatory flag and a
   * basic.return listener, which the Vert.x RabbitMQ client does not offer.
   */
  @Override
  protected boolean countsUnrouted() {
    return false;
  }

  /** The backlog is the queue, on the server: publishing is not refused when a subscriber is stuck. */
  @Override
  protected boolean refusesWhenBacklogFull() {
    return false;
  }

  /** The gate cuts every connection: the server's exclusive queues go, the brokers reconnect and declare again. */
  @Override
  protected boolean canRestartBroker() {
    return true;
  }

  @Override
  protected void restartBroker() {
    gate.takeDown();
    gate.bringBack();
  }

  @Test
  void publishingWhileTheConnectionIsDownFailsAt503ThenWorksAgain() {
    Broker publisher = broker();
    Received received = new Received();
    Await.result(broker().subscribe("down", received::record));
    gate.takeDown();
    MicroException refused = (MicroException) Await.failure(publisher.publish("down", text("lost")));
    assertThat(refused.code()).isEqualTo(503);
    gate.bringBack();
    // a subscriber's private queue went with its connection: what is published before it is declared again
    // is not for it, so probe until one arrives
    AtomicInteger probe = new AtomicInteger();
    Await.until("a publication after the reconnect to arrive", Duration.ofSeconds(30), () -> {
      publisher.publish("down", text("back" + probe.incrementAndGet()));
      return received.counts.keySet().stream().anyMatch(body -> body.startsWith("back"));
    });
    assertThat(received.counts).doesNotContainKey("lost");
  }

  @Test
  void aDurableSubscriberDownWhileAThousandArePublishedGetsThemAllWhenBack() {
    String durable = "stock-" + UUID.randomUUID();
    durables.add(durable);
    Broker publisher = broker();
    Broker firstProcess = broker();
    Received first = new Received();
    Subscriber away = Await.result(firstProcess.subscribe("stock", first::record, new SubscribeOptions().setDurable(durable)));
    Await.result(publisher.publish("stock", text("hello")));
    Await.until("the first message", () -> first.total.get() == 1);
    Await.result(away.unsubscribe());
    Await.result(firstProcess.disconnect());

    publishAll(publisher, "stock", 1_000);
    Received back = new Received();
    Await.result(broker().subscribe("stock", back::record, new SubscribeOptions().setDurable(durable)));
    Await.until("all 1 000 published while it was down", Duration.ofSeconds(60), () -> back.total.get() >= 1_000);
    assertThat(back.eachOnce(1_000)).as("each of the 1 000 exactly once").isTrue();
    assertThat(back.counts).doesNotContainKey("hello");
    System.out.printf("RabbitMqBrokerTest: a durable subscriber down while 1 000 were published received %d (%d distinct)%n",
      back.total.get(), back.counts.size());
  }

  @Test
  void aNackWithADelayComesAgainAfterItWithTheNextAttempt() {
    Broker publisher = broker();
    Map<Integer, Long> seenAt = new ConcurrentHashMap<>();
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    Await.result(broker().subscribe("later", event -> {
      attempts.add(event.attempt());
      seenAt.put(event.attempt(), System.nanoTime());
      return event.attempt() == 1 ? event.nack(Duration.ofMillis(400)) : event.ack();
    }, new SubscribeOptions().setAutoAck(false)));
    Await.result(publisher.publish("later", text("retry me")));
    Await.until("the second attempt", () -> attempts.size() == 2);
    assertThat(attempts).containsExactly(1, 2);
    assertThat(Duration.ofNanos(seenAt.get(2) - seenAt.get(1))).as("not before the delay")
      .isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void aMessageUsedUpIsNackedWithoutRequeueAndNotSeenAgain() {
    Broker publisher = broker(new BrokerOptions().setRedeliveries(0));
    Broker subscriberBroker = broker(new BrokerOptions().setRedeliveries(0));
    List<String> seen = new CopyOnWriteArrayList<>();
    Await.result(subscriberBroker.subscribe("once", event -> {
      seen.add(event.message().body().toString());
      return Future.failedFuture("no");
    }));
    Await.result(publisher.publish("once", text("doomed")));
    Await.until("dropped", () -> subscriberBroker.stats().dropped() == 1);
    Await.result(publisher.publish("once", text("marker")));
    Await.until("the marker", () -> seen.contains("marker"));
    assertThat(seen).filteredOn("doomed"::equals).hasSize(1);
  }

  @Test
  void aGroupMemberLeavingWithUnsettledMessagesLeavesThemToTheRest() {
    Broker publisher = broker();
    List<String> heldByLeaving = new CopyOnWriteArrayList<>();
    Subscriber leaving = Await.result(broker().subscribe("tasks", event -> {
      heldByLeaving.add(event.message().body().toString());
      return io.vertx.core.Promise.<Void>promise().future(); // never settles
    }, new SubscribeOptions().setQueue("taskers").setMaxInFlight(2)));
    publishAll(publisher, "tasks", 2);
    Await.until("the leaving member to hold both", () -> heldByLeaving.size() == 2);
    Received staying = new Received();
    Await.result(broker().subscribe("tasks", staying::record, new SubscribeOptions().setQueue("taskers")));
    Await.result(leaving.unsubscribe());
    Await.until("the staying member to get what the leaving one never settled",
      () -> staying.counts.keySet().containsAll(heldByLeaving));
  }

  @Test
  void handlersSettlingLaterKeepTheirEvents() {
    Broker publisher = broker();
    List<Event> held = new CopyOnWriteArrayList<>();
    Await.result(broker().subscribe("held", event -> {
      held.add(event);
      return Future.succeededFuture();
    }, new SubscribeOptions().setAutoAck(false).setMaxInFlight(3)));
    publishAll(publisher, "held", 10);
    Await.until("three with the handler, the prefetch", () -> held.size() == 3);
    for (int settled = 0; settled < 10; settled++) {
      int next = settled;
      Await.until("delivery " + next, () -> held.size() > next);
      Await.result(held.get(next).ack());
    }
    assertThat(held).hasSize(10);
  }
}
