package io.microvx.testing;

import io.microvx.broker.Broker;
import io.microvx.broker.Deadlines;
import io.microvx.broker.Event;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The part of {@link BrokerContract} about one delivery's life: settling by hand, what the broker keeps
 * for durable subscribers, which context handlers run on, headers, messages whose deadline passed, and
 * subscriptions across a reconnect.
 */
public abstract class BrokerDeliveryCases extends BrokerFixture {

  /** Records each event, unsettled, for the test to settle. */
  private static final class Held {
    final List<Event> events = new CopyOnWriteArrayList<>();

    Future<Void> hold(Event event) {
      events.add(event);
      return Future.succeededFuture();
    }

    Event of(String body, int attempt) {
      return events.stream()
        .filter(e -> e.message().body().toString().equals(body) && (attempt == 0 || e.attempt() == attempt))
        .findFirst().orElse(null);
    }
  }

  @Test
  void withoutAutoAckTheHandlerSettlesAndANackComesAgain() {
    Broker publisher = broker();
    Held held = new Held();
    Await.result(broker().subscribe("manual", held::hold, new SubscribeOptions().setAutoAck(false)));
    awaitSubscribers(publisher, "manual", 1);
    Await.result(publisher.publish("manual", text("keep")));
    Await.result(publisher.publish("manual", text("again")));
    Await.until("both delivered", () -> held.of("keep", 0) != null && held.of("again", 0) != null);

    Event keep = held.of("keep", 0);
    assertThat(keep.attempt()).isEqualTo(1);
    Await.result(keep.ack());
    Await.result(held.of("again", 0).nack(Duration.ZERO));
    Await.until("the nacked message to come again", () -> held.events.stream()
      .filter(e -> e.message().body().toString().equals("again")).count() == 2);
    Event second = held.events.get(held.events.size() - 1);
    if (countsAttempts()) {
      assertThat(second.attempt()).as("the redelivery's attempt").isEqualTo(2);
    }
    Await.result(second.ack());
    assertThat(held.events).as("the acknowledged message did not come again")
      .filteredOn(e -> e.message().body().toString().equals("keep")).hasSize(1);
    // settling twice changes nothing: the first settlement's answer stands
    Await.result(keep.nack(Duration.ZERO));
    Await.result(publisher.publish("manual", text("marker")));
    Await.until("the marker", () -> held.of("marker", 0) != null);
    Await.result(held.of("marker", 0).ack());
    assertThat(held.events).filteredOn(e -> e.message().body().toString().equals("keep")).hasSize(1);
  }

  @Test
  void headersArriveAsPublished() {
    Broker publisher = broker();
    Held held = new Held();
    Await.result(broker().subscribe("headers", held::hold));
    awaitSubscribers(publisher, "headers", 1);
    Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Request-Id", "r-42",
      "Micro-Topic", "headers", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    Await.result(publisher.publish("headers", new Message(headers, Buffer.buffer("{\"a\":1}"))));
    Await.until("the message", () -> !held.events.isEmpty());
    Message received = held.events.get(0).message();
    headers.forEach((name, value) -> assertThat(received.header(name)).as(name).isEqualTo(value));
    assertThat(received.body().toString()).isEqualTo("{\"a\":1}");
  }

  @Test
  void aMessageWhoseDeadlinePassedIsAcknowledgedUnhandledAndCounted() {
    long now = 1_800_000_000_000L;
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC);
    Broker publisher = broker();
    Broker subscriber = broker();
    Held held = new Held();
    Await.result(subscriber.subscribe("deadlines", held::hold, new SubscribeOptions().setClock(clock)));
    awaitSubscribers(publisher, "deadlines", 1);
    Await.result(publisher.publish("deadlines",
      new Message(Map.of(Deadlines.HEADER, Long.toString(now - 1)), Buffer.buffer("late"))));
    Await.result(publisher.publish("deadlines",
      new Message(Map.of(Deadlines.HEADER, Long.toString(now + 60_000)), Buffer.buffer("in-time"))));
    Await.until("the message in time handled and the late one counted", () ->
      held.of("in-time", 0) != null && subscriber.stats().expired() == 1);
    assertThat(held.of("late", 0)).as("the expired message reached the handler").isNull();
  }

  @Test
  void handlersRunOnTheSubscribersContextAndSettleThere() {
    Broker publisher = broker();
    Broker subscriberBroker = broker();
    Context subscriberContext = vertx.getOrCreateContext();
    Set<String> wrong = ConcurrentHashMap.newKeySet();
    AtomicInteger handled = new AtomicInteger();
    Promise<Subscriber> subscribed = Promise.promise();
    subscriberContext.runOnContext(v -> subscriberBroker.subscribe("where", event -> {
      checkContext(subscriberContext, "handler", wrong);
      event.ack().onComplete(ar -> {
        checkContext(subscriberContext, "ack answer", wrong);
        handled.incrementAndGet();
      });
      return Future.succeededFuture();
    }, new SubscribeOptions().setAutoAck(false)).onComplete(subscribed));
    Await.result(subscribed.future());
    awaitSubscribers(publisher, "where", 1);
    publishAll(publisher, "where", 20);
    Await.until("20 handled and acknowledged", () -> handled.get() == 20);
    assertThat(wrong).as("callbacks off the subscriber's context").isEmpty();
  }

  private static void checkContext(Context expected, String what, Set<String> wrong) {
    Context current = Vertx.currentContext();
    if (current == null || ((ContextInternal) current).unwrap() != ((ContextInternal) expected).unwrap()) {
      wrong.add(what + " on " + Thread.currentThread().getName());
    }
  }

  @Test
  void aDurableSubscriberGetsWhatWasPublishedWhileItWasAway() {
    assume(keepsDurableSubscriptions(), "this broker keeps nothing for absent subscribers");
    Broker publisher = broker();
    Await.result(publisher.publish("orders", text("before the durable existed")));
    Held first = new Held();
    Broker firstProcess = broker();
    Subscriber away = Await.result(firstProcess.subscribe("orders", first::hold, new SubscribeOptions().setDurable("billing")));
    awaitSubscribers(publisher, "orders", 1);
    Await.result(publisher.publish("orders", text("o1")));
    Await.until("o1 delivered", () -> held(first, "o1"));
    Await.result(away.unsubscribe());
    Await.result(firstProcess.disconnect());

    for (int i = 2; i <= 4; i++) {
      Await.result(publisher.publish("orders", text("o" + i)));
    }
    Held second = new Held();
    Await.result(broker().subscribe("orders", second::hold, new SubscribeOptions().setDurable("billing")));
    Await.until("what was published while away", () -> held(second, "o2") && held(second, "o3") && held(second, "o4"));
    Await.result(publisher.publish("orders", text("o5")));
    Await.until("o5 too", () -> held(second, "o5"));
    assertThat(first.events).extracting(e -> e.message().body().toString()).as("a new durable starts after it was made")
      .containsExactly("o1");
    assertThat(second.events).extracting(e -> e.message().body().toString())
      .as("nothing acknowledged comes again, nothing published before it was made").containsExactly("o2", "o3", "o4", "o5");
  }

  @Test
  void membersOfAQueueGroupShareOneDurable() {
    assume(keepsDurableSubscriptions(), "this broker keeps nothing for absent subscribers");
    Broker publisher = broker();
    SubscribeOptions shared = new SubscribeOptions().setQueue("invoicing").setDurable("invoices");
    Received one = new Received();
    Received two = new Received();
    Subscriber a = Await.result(broker().subscribe("invoices", one::record, shared));
    Subscriber b = Await.result(broker().subscribe("invoices", two::record, shared));
    awaitSubscribers(publisher, "invoices", 2);
    publishAll(publisher, "invoices", 200);
    Await.until("200 handled", () -> one.total.get() + two.total.get() == 200);
    Map<String, Integer> all = new ConcurrentHashMap<>();
    List.of(one, two).forEach(r -> r.counts.forEach((body, c) -> all.merge(body, c.get(), Integer::sum)));
    assertThat(all).hasSize(200).allSatisfy((body, count) -> assertThat(count).as(body).isEqualTo(1));

    Await.result(a.unsubscribe());
    Await.result(b.unsubscribe());
    for (int i = 0; i < 5; i++) {
      Await.result(publisher.publish("invoices", text("late" + i)));
    }
    Received three = new Received();
    Await.result(broker().subscribe("invoices", three::record, shared));
    Await.until("the group's durable to hand over what came while nobody was there", () -> three.total.get() == 5);
    assertThat(three.eachOnce(5)).isTrue();
  }

  @Test
  void subscriptionsSurviveTheBrokerGoingAwayAndComingBack() {
    assume(canRestartBroker(), "this broker cannot be restarted by the test");
    Broker publisher = broker();
    Received received = new Received();
    Await.result(broker().subscribe("survivor", received::record));
    awaitSubscribers(publisher, "survivor", 1);
    Await.result(publisher.publish("survivor", text("before")));
    Await.until("before the restart", () -> received.counts.containsKey("before"));

    restartBroker();
    AtomicInteger probe = new AtomicInteger();
    Await.until("a message published after the restart to arrive", Duration.ofSeconds(60), () -> {
      publisher.publish("survivor", text("probe" + probe.incrementAndGet())); // refused while reconnecting: tried again
      return received.counts.keySet().stream().anyMatch(body -> body.startsWith("probe"));
    });
    // a broker just back may confirm slowly on a loaded machine: a publish it did not confirm in time is sent again
    Await.until("a publish after the restart to be confirmed", Duration.ofSeconds(60),
      () -> Await.result(publisher.publish("survivor", text("after")).map(true).otherwise(false)));
    Await.until("after the restart", () -> received.counts.containsKey("after"));
  }

  private static boolean held(Held held, String body) {
    return held.of(body, 0) != null;
  }
}
