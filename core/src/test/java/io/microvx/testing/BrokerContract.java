package io.microvx.testing;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.BrokerStats;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every broker must do, run by each implementation's test: memory and http in core, proxy in its
 * module, NATS, RabbitMQ and Kafka in theirs. Routing, redelivery and back-pressure here; settling,
 * durable subscriptions, contexts, headers and reconnects in {@link BrokerDeliveryCases}. Override
 * {@link #newBroker} and the capability hooks of {@link BrokerFixture} ({@code keepsDurableSubscriptions},
 * {@code countsAttempts}, {@code countsUnrouted}, {@code refusesWhenBacklogFull}, {@code canRestartBroker}
 * with {@code restartBroker}); a case a broker cannot pass for lack of a capability is skipped with the
 * reason.
 */
public abstract class BrokerContract extends BrokerDeliveryCases {

  @Test
  void broadcastDeliversEveryMessageToEverySubscriberExactlyOnce() {
    Broker publisher = broker();
    List<Received> subscribers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Received received = new Received();
      subscribers.add(received);
      Await.result(broker().subscribe("news", received::record));
    }
    awaitSubscribers(publisher, "news", 3);
    publishAll(publisher, "news", 10_000);
    for (Received received : subscribers) {
      Await.until("10 000 messages, each once", Duration.ofSeconds(120), () -> received.total.get() >= 10_000);
      assertThat(received.eachOnce(10_000)).as("every message exactly once").isTrue();
    }
    assertThat(publisher.stats().published()).isEqualTo(10_000);
  }

  @Test
  void aQueueGroupHandsEachMessageToOneMemberAndEveryMemberAShare() {
    Broker publisher = broker();
    List<Received> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Received received = new Received();
      members.add(received);
      Await.result(broker().subscribe("jobs", received::record, new SubscribeOptions().setQueue("workers")));
    }
    awaitSubscribers(publisher, "jobs", 3);
    publishAll(publisher, "jobs", 3_000);
    Await.until("3 000 jobs handled", () -> members.stream().mapToInt(r -> r.total.get()).sum() >= 3_000);
    Map<String, Integer> all = new ConcurrentHashMap<>();
    members.forEach(r -> r.counts.forEach((body, c) -> all.merge(body, c.get(), Integer::sum)));
    assertThat(all).hasSize(3_000);
    assertThat(all.values()).allMatch(c -> c == 1);
    assertThat(members).allSatisfy(r -> assertThat(r.total.get()).as("a fair share").isGreaterThan(300));
  }

  @Test
  void unsubscribingStopsDelivery() {
    Broker publisher = broker();
    Received leaving = new Received();
    Received staying = new Received();
    Subscriber subscription = Await.result(broker().subscribe("news", leaving::record));
    Await.result(broker().subscribe("news", staying::record));
    awaitSubscribers(publisher, "news", 2);
    publishAll(publisher, "news", 10);
    Await.until("both to receive 10", () -> leaving.total.get() == 10 && staying.total.get() == 10);

    Await.result(subscription.unsubscribe());
    awaitSubscribers(publisher, "news", 1);
    for (int i = 10; i < 20; i++) {
      Await.result(publisher.publish("news", text("m" + i)));
    }
    Await.until("the staying subscriber to receive 20", () -> staying.total.get() == 20);
    assertThat(leaving.total.get()).isEqualTo(10);
  }

  @Test
  void aFailedHandlerIsANackAndTheMessageIsRedelivered() {
    Broker publisher = broker();
    Broker subscriberBroker = broker();
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger wrongAttempts = new AtomicInteger();
    Await.result(subscriberBroker.subscribe("flaky", event -> {
      int attempt = attempts.computeIfAbsent(event.message().body().toString(), k -> new AtomicInteger()).incrementAndGet();
      if (countsAttempts() && event.attempt() != attempt) {
        wrongAttempts.incrementAndGet();
      }
      if (attempt == 1) {
        throw new IllegalStateException("first attempt fails");
      }
      succeeded.incrementAndGet();
      return Future.succeededFuture();
    }));
    awaitSubscribers(publisher, "flaky", 1);
    publishAll(publisher, "flaky", 50);
    Await.until("every message to succeed on its second attempt", () -> succeeded.get() == 50);
    assertThat(attempts.values()).allMatch(a -> a.get() == 2);
    assertThat(wrongAttempts.get()).as("deliveries whose attempt() was not the subscriber's count").isZero();
    BrokerStats stats = sum(List.of(publisher, subscriberBroker));
    assertThat(stats.failed()).isGreaterThanOrEqualTo(50);
    assertThat(stats.retried()).isGreaterThanOrEqualTo(50);
    assertThat(stats.dropped()).isZero();
  }

  @Test
  void aMessageNoHandlerTakesIsDroppedOnlyAfterItsRetriesAndCounted() {
    BrokerOptions twoRetries = new BrokerOptions().setRedeliveries(2).setRetryBackoff(Duration.ofMillis(5));
    Broker publisher = broker(twoRetries);
    Broker subscriberBroker = broker(twoRetries);
    AtomicInteger calls = new AtomicInteger();
    Await.result(subscriberBroker.subscribe("doomed", event -> {
      calls.incrementAndGet();
      return Future.failedFuture("always fails");
    }));
    awaitSubscribers(publisher, "doomed", 1);
    publishAll(publisher, "doomed", 10);
    Await.until("all 10 to be dropped", () -> sum(List.of(publisher, subscriberBroker)).dropped() == 10);
    assertThat(calls.get()).as("the first attempt and two redeliveries each").isEqualTo(30);
  }

  /** Where a publication nobody took is counted: the publisher's broker, or the server routing for it. */
  protected long unrouted(Broker publisher) {
    return publisher.stats().unrouted();
  }

  @Test
  void publishingWithoutSubscribersSucceedsAndIsCounted() {
    assume(countsUnrouted(), "this broker does not count publications nobody took");
    Broker publisher = broker();
    Await.result(publisher.publish("nobody.listens", text("hello?")));
    assertThat(publisher.stats().published()).isEqualTo(1);
    assertThat(unrouted(publisher)).isEqualTo(1);
  }

  @Test
  void deliveriesInFlightStayWithinTheSubscribersBound() {
    Broker publisher = broker();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Await.result(broker().subscribe("slow", event -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Promise<Void> handled = Promise.promise();
      vertx.setTimer(5, id -> {
        inFlight.decrementAndGet();
        done.incrementAndGet();
        handled.complete();
      });
      return handled.future();
    }, new SubscribeOptions().setMaxInFlight(2)));
    awaitSubscribers(publisher, "slow", 1);
    publishAll(publisher, "slow", 100);
    Await.until("all 100 handled", () -> done.get() == 100);
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(2);
  }

  @Test
  void aStuckSubscriberMakesPublishingWaitThenFailClearly() {
    assume(refusesWhenBacklogFull(), "this broker does not refuse publications when a subscriber's backlog is full");
    BrokerOptions small = new BrokerOptions().setMaxPending(8).setConcurrency(4);
    Broker publisher = broker(small);
    AtomicInteger taken = new AtomicInteger();
    Await.result(broker(small).subscribe("stuck", event -> {
      taken.incrementAndGet();
      return Promise.<Void>promise().future(); // never settles
    }, new SubscribeOptions().setMaxInFlight(1)));
    awaitSubscribers(publisher, "stuck", 1);
    PublishOptions quick = new PublishOptions().setTimeout(Duration.ofMillis(300));
    int accepted = 0;
    MicroException refused = null;
    for (int i = 0; i < stuckSubscriberBound() * 4 && refused == null; i++) {
      try {
        // sizeable messages, so that socket buffers between a proxy and its subscriber fill soon
        Await.result(publisher.publish("stuck", new Message(Map.of(), Buffer.buffer(new byte[16 * 1024])), quick));
        accepted++;
      } catch (MicroException e) {
        refused = e;
      }
    }
    System.out.printf("%s: a stuck subscriber let %d messages in before publishing was refused%n", getClass().getSimpleName(), accepted);
    assertThat(refused).as("publishing fails once the backlog is full").isNotNull();
    assertThat(refused.code()).isEqualTo(503);
    assertThat(refused.detail()).contains("timed out").contains("full");
    assertThat(accepted).as("what was taken in is bounded").isLessThan(stuckSubscriberBound());
    assertThat(taken.get()).isEqualTo(1);
  }
}
