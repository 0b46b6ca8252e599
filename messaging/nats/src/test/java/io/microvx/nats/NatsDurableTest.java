package io.microvx.nats;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.BrokerStats;
import io.microvx.broker.Event;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JetStream durables beyond the contract, on a nats-server this test owns: a subscriber away while 1 000
 * messages are published gets them all; a server restarted while messages are published loses none.
 */
class NatsDurableTest {

  private NatsProcess server;
  private Vertx vertx;
  private final List<Broker> brokers = new ArrayList<>();

  @BeforeEach
  void start() {
    server = NatsProcess.start();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    brokers.forEach(b -> Await.result(b.disconnect()));
    Await.result(vertx.close());
    server.close();
  }

  private Broker broker() {
    Broker broker = NatsBroker.create(vertx, new NatsOptions().setServers(List.of(server.url()))
      .setReconnectWait(Duration.ofMillis(100)), new BrokerOptions());
    brokers.add(broker);
    Await.result(broker.connect());
    return broker;
  }

  /** Counts each body received. */
  private static final class Counts {
    final Map<String, AtomicInteger> bodies = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();

    Future<Void> record(Event event) {
      bodies.computeIfAbsent(event.message().body().toString(), k -> new AtomicInteger()).incrementAndGet();
      total.incrementAndGet();
      return Future.succeededFuture();
    }
  }

  private static Message text(String body) {
    return new Message(Map.of("Content-Type", "text/plain"), Buffer.buffer(body));
  }

  @Test
  void aDurableSubscriberDownWhileAThousandArePublishedGetsAllThousandWhenItComesBack() {
    SubscribeOptions durable = new SubscribeOptions().setDurable("audit");
    Broker firstRun = broker();
    Subscriber away = Await.result(firstRun.subscribe("ledger", e -> Future.succeededFuture(), durable));
    Await.result(away.unsubscribe());
    Await.result(firstRun.disconnect());

    Broker publisher = broker();
    // what is measured is that none is lost, not how fast JetStream acknowledges on a busy machine (once
    // over 5 s, the default, under stress --cpu 2 with other tests running)
    PublishOptions patient = new PublishOptions().setTimeout(Duration.ofSeconds(30));
    for (int i = 0; i < 1_000; i++) {
      Await.result(publisher.publish("ledger", text("entry " + i), patient), Duration.ofSeconds(40));
    }
    assertThat(publisher.stats().published()).isEqualTo(1_000);

    Counts counts = new Counts();
    Await.result(broker().subscribe("ledger", counts::record, durable));
    Await.until("all 1 000 entries", Duration.ofSeconds(60), () -> counts.bodies.size() == 1_000);
    assertThat(counts.bodies.values()).as("each once").allMatch(c -> c.get() == 1);
  }

  @Test
  void aServerRestartWhilePublishingToADurableLosesNothing() throws Exception {
    int total = 2_000;
    Counts counts = new Counts();
    Await.result(broker().subscribe("payments", counts::record, new SubscribeOptions().setDurable("settlement")));
    Broker publisher = broker();

    AtomicInteger published = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    Thread publishing = new Thread(() -> {
      for (int i = 0; i < total; i++) {
        // each message until the broker accepts it: refused ones (503 while the server is away) are sent again
        while (true) {
          try {
            Await.result(publisher.publish("payments", text("payment " + i)), Duration.ofSeconds(30));
            published.incrementAndGet();
            break;
          } catch (RuntimeException e) {
            refusals.incrementAndGet();
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
    Await.until("a quarter published", Duration.ofSeconds(60), () -> published.get() >= total / 4);
    server.restart();
    publishing.join(Duration.ofSeconds(180).toMillis());
    assertThat(published.get()).as("every message accepted in the end").isEqualTo(total);

    try {
      Await.until("every accepted message delivered", Duration.ofSeconds(60), () -> counts.bodies.size() == total);
    } catch (AssertionError e) {
      String state;
      try (io.nats.client.Connection c = io.nats.client.Nats.connect(server.url())) {
        var jsm = c.jetStreamManagement();
        state = "stream " + jsm.getStreamInfo("micro_payments").getStreamState() + "; consumer "
          + jsm.getConsumerInfo("micro_payments", "settlement");
      }
      throw new AssertionError(e.getMessage() + ": " + counts.bodies.size() + " distinct of " + total + " received, "
        + counts.total.get() + " deliveries; " + state, e);
    }
    int duplicates = counts.total.get() - counts.bodies.size();
    long lost = total - counts.bodies.size();
    System.out.printf("NATS restart while publishing %d to a durable: lost %d, duplicates %d, publications refused "
      + "while the server was away %d%n", total, lost, duplicates, refusals.get());
    assertThat(lost).isZero();
  }

  @Test
  void whileTheServerIsAwayPublishingFailsWith503AndTheStateSaysSo() {
    NatsBroker bounded = NatsBroker.create(vertx, new NatsOptions().setServers(List.of(server.url()))
      .setReconnectWait(Duration.ofMillis(100)).setReconnectBuffer(0), new BrokerOptions());
    brokers.add(bounded);
    Await.result(bounded.connect());
    assertThat(bounded.state()).isEqualTo("CONNECTED");

    server.down();
    Await.until("the broker to notice", () -> !bounded.state().equals("CONNECTED"));
    assertThat(bounded.stats().connection()).as("stats() report it").isNotEqualTo(BrokerStats.CONNECTED);
    io.microvx.errors.MicroException refused = (io.microvx.errors.MicroException) Await.failure(
      bounded.publish("news", text("while away")));
    assertThat(refused.code()).isEqualTo(503);
    assertThat(refused.detail()).contains("unreachable");
    assertThat(bounded.disconnects()).isGreaterThanOrEqualTo(1);

    server.up();
    Await.until("reconnected", Duration.ofSeconds(30), () -> bounded.state().equals("CONNECTED"));
    assertThat(bounded.stats().connection()).isEqualTo(BrokerStats.CONNECTED);
    Await.result(bounded.publish("news", text("back")));
  }
}
