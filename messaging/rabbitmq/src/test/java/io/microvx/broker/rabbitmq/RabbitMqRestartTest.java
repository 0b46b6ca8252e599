package io.microvx.broker.rabbitmq;

import io.microvx.broker.Broker;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart of RabbitMQ itself while publishing to a durable subscription, on a node this test starts
 * (its own ports and data folder, never the shared one of scripts/services): no message the server
 * confirmed is lost; duplicates (a publication in doubt when the connection dropped, sent again) are
 * counted and reported.
 */
class RabbitMqRestartTest {

  private static RabbitMqProcess node;

  private final Vertx vertx = Vertx.vertx();
  private final List<Broker> brokers = new ArrayList<>();

  @BeforeAll
  static void startNode() {
    node = RabbitMqProcess.start();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @AfterEach
  void close() {
    brokers.forEach(b -> Await.result(b.disconnect(), Duration.ofSeconds(60)));
    Await.result(vertx.close());
  }

  /** A durable exchange: its bindings to durable queues survive the restart (a transient one's do not). */
  private Broker broker() {
    Broker broker = RabbitMqBrokerProvider.create(vertx, new RabbitMqBrokerOptions().setUri(node.uri())
      .setExchange("micro-restart").setExchangeDurable(true).setReconnectInterval(Duration.ofMillis(250)));
    Await.result(broker.connect());
    brokers.add(broker);
    return broker;
  }

  private static Message text(String body) {
    return new Message(Map.of("Content-Type", "text/plain"), Buffer.buffer(body));
  }

  @Test
  void aRestartWhilePublishingToADurableLosesNoConfirmedMessage() throws Exception {
    int total = 2_000;
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    AtomicInteger deliveries = new AtomicInteger();
    Await.result(broker().subscribe("payments", event -> {
      deliveries.incrementAndGet();
      received.computeIfAbsent(event.message().body().toString(), b -> new AtomicInteger()).incrementAndGet();
      return Future.succeededFuture();
    }, new SubscribeOptions().setDurable("settlement")));
    Broker publisher = broker();

    Set<String> confirmed = ConcurrentHashMap.newKeySet();
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    Thread publishing = new Thread(() -> {
      for (int i = 0; i < total; i++) {
        String body = "payment " + i;
        // each message until the server confirms it: refused or unconfirmed ones (503 while it is away, in
        // doubt when the connection dropped) are sent again, which may duplicate them
        while (true) {
          attempts.incrementAndGet();
          try {
            Await.result(publisher.publish("payments", text(body)), Duration.ofSeconds(30));
            confirmed.add(body);
            break;
          } catch (RuntimeException e) {
            refused.incrementAndGet();
            try {
              Thread.sleep(20);
            } catch (InterruptedException interrupted) {
              return;
            }
          }
        }
      }
    }, "publisher");
    publishing.start();
    Await.until("a quarter confirmed", Duration.ofSeconds(60), () -> confirmed.size() >= total / 4);
    node.restart();
    publishing.join(Duration.ofSeconds(300).toMillis());
    assertThat(confirmed).as("every message confirmed in the end").hasSize(total);

    Await.until("every confirmed message delivered", Duration.ofSeconds(120), () -> received.keySet().containsAll(confirmed));
    long lost = confirmed.stream().filter(body -> !received.containsKey(body)).count();
    int duplicates = deliveries.get() - received.size();
    System.out.printf("RabbitMQ restart while publishing %d to a durable: %d publications, %d confirmed, %d received "
        + "(%d deliveries), lost %d, duplicates %d, publications refused or unconfirmed around the restart %d%n",
      total, attempts.get(), confirmed.size(), received.size(), deliveries.get(), lost, duplicates, refused.get());
    assertThat(lost).isZero();
  }
}
