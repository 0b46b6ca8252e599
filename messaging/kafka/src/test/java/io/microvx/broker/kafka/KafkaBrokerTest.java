package io.microvx.broker.kafka;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.testing.Await;
import io.microvx.testing.BrokerContract;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker contract against a Kafka this class starts itself ({@link KafkaProcess}), so that it can crash
 * and restart it: durable cases included; plus publishing through a crash with {@code acks=all}.
 */
class KafkaBrokerTest extends BrokerContract {

  /** The durable groups the contract's cases use: committed offsets outlive a test, so each starts without them. */
  private static final List<String> CONTRACT_GROUPS = List.of("billing", "invoices", "workers");

  private static KafkaProcess kafka;

  @BeforeAll
  static void startKafka() {
    kafka = KafkaProcess.start();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @BeforeEach
  void removeGroups() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.address()))) {
      for (String group : CONTRACT_GROUPS) {
        try {
          admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException notThere) {
          // no such group yet
        }
      }
    }
  }

  static KafkaBrokerOptions options(String address, BrokerOptions brokerOptions) {
    // three partitions, so that a queue group of three shares a topic
    return new KafkaBrokerOptions().setBootstrapServers(address).setPartitions(3).setBrokerOptions(brokerOptions);
  }

  @Override
  protected Broker newBroker(BrokerOptions options) {
    return KafkaBrokerProvider.create(vertx, options(kafka.address(), options));
  }

  /** A durable name is a consumer group whose committed offsets stay on the cluster. */
  @Override
  protected boolean keepsDurableSubscriptions() {
    return true;
  }

  /**
   * Kafka keeps every record in its topic whether or not a group reads it: a publisher cannot know that no
   * subscriber will take it.
   */
  @Override
  protected boolean countsUnrouted() {
    return false;
  }

  /** The backlog is the topic, on the cluster: publishing is not refused when a subscriber is stuck. */
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
    kafka.crashAndRestart();
  }

  @Test
  void aCrashWhilePublishingWithAcksAllLosesNoAcknowledgedMessage() {
    Broker publisher = broker();
    Broker subscriberBroker = broker();
    Received received = new Received();
    Await.result(subscriberBroker.subscribe("ledger", received::record, new SubscribeOptions().setDurable("ledger-reader")));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    int total = 3_000;
    Promise<Void> allTried = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    PublishOptions quick = new PublishOptions().setTimeout(Duration.ofSeconds(10));
    // 8 lanes publishing one after another; the server is crashed once a third is acknowledged
    for (int lane = 0; lane < 8; lane++) {
      vertx.runOnContext(v -> publishLane(publisher, total, next, acknowledged, refused, finished, allTried, quick));
    }
    Await.until("a third acknowledged", Duration.ofSeconds(60), () -> acknowledged.size() >= total / 3);
    kafka.crashAndRestart();
    Await.result(allTried.future(), Duration.ofSeconds(180));
    Await.until("every acknowledged message delivered", Duration.ofSeconds(120),
      () -> received.counts.keySet().containsAll(acknowledged));
    long duplicates = received.counts.values().stream().mapToInt(c -> c.get() - 1).sum();
    System.out.printf("KafkaBrokerTest: crash while publishing with acks=all: %d of %d acknowledged, %d refused or timed out, "
        + "%d acknowledged lost, %d received (%d distinct, %d duplicates)%n", acknowledged.size(), total, refused.get(),
      acknowledged.stream().filter(body -> !received.counts.containsKey(body)).count(), received.total.get(),
      received.counts.size(), duplicates);
    assertThat(acknowledged.stream().filter(body -> !received.counts.containsKey(body))).as("acknowledged and lost").isEmpty();
    assertThat(acknowledged.size()).as("most were acknowledged").isGreaterThan(total / 3);
  }

  private static void publishLane(Broker publisher, int total, AtomicInteger next, Set<String> acknowledged,
                                  AtomicInteger refused, AtomicInteger finished, Promise<Void> allTried, PublishOptions quick) {
    int i = next.getAndIncrement();
    if (i >= total) {
      return;
    }
    String body = "l" + i;
    Future<Void> published = publisher.publish("ledger", text(body), quick);
    published.onComplete(ar -> {
      if (ar.succeeded()) {
        acknowledged.add(body);
      } else {
        refused.incrementAndGet();
      }
      if (finished.incrementAndGet() == total) {
        allTried.complete();
      }
      publishLane(publisher, total, next, acknowledged, refused, finished, allTried, quick);
    });
  }
}
