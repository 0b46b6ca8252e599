package io.microvx.nats;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.errors.MicroException;
import io.microvx.testing.Await;
import io.microvx.testing.BrokerContract;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker contract over a nats-server with JetStream that this test owns (so that it can restart it):
 * core subjects and queue groups, JetStream durables, reconnects.
 */
class NatsBrokerTest extends BrokerContract {

  private static NatsProcess server;

  @BeforeAll
  static void startServer() {
    server = NatsProcess.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected Broker newBroker(BrokerOptions options) {
    return NatsBroker.create(vertx, new NatsOptions().setServers(List.of(server.url()))
      .setReconnectWait(Duration.ofMillis(200)), options);
  }

  @Override
  protected boolean keepsDurableSubscriptions() {
    return true;
  }

  /** Core NATS does not tell a publisher whether anybody subscribed. */
  @Override
  protected boolean countsUnrouted() {
    return false;
  }

  /** Core NATS publishers never see subscribers' backlogs: a slow consumer's excess is dropped by NATS. */
  @Override
  protected boolean refusesWhenBacklogFull() {
    return false;
  }

  @Override
  protected boolean canRestartBroker() {
    return true;
  }

  @Override
  protected void restartBroker() {
    server.restart();
  }

  @Test
  void topicsWithWildcardsAreRefused() {
    Broker broker = broker();
    for (String topic : List.of("orders.*", "orders.>", ">", "a..b", "with space")) {
      MicroException refused = (MicroException) Await.failure(broker.publish(topic, text("x")));
      assertThat(refused.code()).as(topic).isEqualTo(400);
      refused = (MicroException) Await.failure(broker.subscribe(topic, e -> Future.succeededFuture()));
      assertThat(refused.code()).as(topic).isEqualTo(400);
    }
  }

  @Test
  void aMessageLargerThanTheServersMaxPayloadIsA413() {
    Broker broker = broker();
    MicroException refused = (MicroException) Await.failure(broker.publish("big",
      new Message(Map.of(), Buffer.buffer(new byte[2 * 1024 * 1024]))));
    assertThat(refused.code()).isEqualTo(413);
    assertThat(refused.detail()).contains("max_payload");
  }

  @Test
  void aDurableNackWithADelayComesBackAfterItWithJetStreamsAttemptCount() {
    Broker publisher = broker();
    List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    long[] first = new long[1];
    Await.result(broker().subscribe("delayed", event -> {
      seen.add(System.nanoTime());
      attempts.add(event.attempt());
      if (event.attempt() == 1) {
        first[0] = System.nanoTime();
        return event.nack(Duration.ofMillis(700));
      }
      return event.ack();
    }, new SubscribeOptions().setDurable("later").setAutoAck(false)));
    Await.result(publisher.publish("delayed", text("once more")));
    Await.until("the redelivery", () -> attempts.size() == 2);
    assertThat(attempts).containsExactly(1, 2);
    assertThat(Duration.ofNanos(seen.get(1) - first[0])).as("not before the delay").isGreaterThanOrEqualTo(Duration.ofMillis(700));
  }
}
