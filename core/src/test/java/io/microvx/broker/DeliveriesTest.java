package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.microvx.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery bookkeeping every broker shares: bound, settling, counting, redelivery, closing. */
class DeliveriesTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final BrokerCounters counters = new BrokerCounters();
  private final BrokerOptions options = new BrokerOptions().setRedeliveries(2).setRetryBackoff(Duration.ofMillis(1));

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** What the broker was told, in order; answers as the test says. */
  private static class RecordingSettler implements Settler {
    final List<String> calls;
    final Future<Void> answer;

    RecordingSettler(List<String> calls, Future<Void> answer) {
      this.calls = calls;
      this.answer = answer;
    }

    @Override
    public Future<Void> ack() {
      calls.add("ack");
      return answer;
    }

    @Override
    public Future<Void> nack(Duration delay) {
      calls.add("nack " + delay.toMillis());
      return answer;
    }

    @Override
    public Future<Void> drop() {
      calls.add("drop");
      return answer;
    }
  }

  private static Message message(String body) {
    return new Message(Map.of(), Buffer.buffer(body));
  }

  @Test
  void aFailedBrokerAnswerReachesWhoeverSettledOnTheirContext() {
    List<Event> held = new CopyOnWriteArrayList<>();
    Deliveries deliveries = new Deliveries("t", e -> {
      held.add(e);
      return Future.succeededFuture();
    }, new SubscribeOptions().setAutoAck(false), options, counters, context);
    List<String> calls = new CopyOnWriteArrayList<>();
    deliveries.deliver(message("m"), 1, new RecordingSettler(calls,
      Future.failedFuture(new MicroException("go.micro.broker", "commit failed", 503))));
    Await.until("the delivery", () -> held.size() == 1);

    Promise<Context> answeredOn = Promise.promise();
    Future<Void> ack = held.get(0).ack().onComplete(ar -> answeredOn.complete(Vertx.currentContext()));
    assertThat(Await.failure(ack)).hasMessageContaining("commit failed");
    assertThat(Await.result(answeredOn.future())).isSameAs(context);
    assertThat(calls).containsExactly("ack");
    assertThat(Await.failure(held.get(0).nack())).as("a second settlement returns the first's answer")
      .hasMessageContaining("commit failed");
    assertThat(calls).containsExactly("ack");
  }

  @Test
  void aNackAsksTheBrokerForARedeliveryUntilTheAttemptsAreUsedThenDrops() {
    Deliveries deliveries = new Deliveries("t", e -> Future.failedFuture("no"), new SubscribeOptions(), options,
      counters, context);
    List<String> calls = new CopyOnWriteArrayList<>();
    for (int attempt = 1; attempt <= 3; attempt++) {
      deliveries.deliver(message("m"), attempt, new RecordingSettler(calls, Future.succeededFuture()));
      int expected = attempt;
      Await.until("attempt " + attempt + " settled", () -> calls.size() == expected);
    }
    // back-off doubles from broker_retry_backoff (1 ms); the third attempt is past broker_redeliveries (2)
    assertThat(calls).containsExactly("nack 1", "nack 2", "drop");
    assertThat(counters.snapshot()).isEqualTo(new BrokerStats(0, 0, 0, 3, 2, 1));
  }

  @Test
  void whenTheSenderRetriesANackIsOnlyCountedAsFailedHere() {
    Deliveries deliveries = new Deliveries("t", e -> Future.failedFuture("no"), new SubscribeOptions(), options,
      counters, context);
    List<String> calls = new CopyOnWriteArrayList<>();
    deliveries.deliver(message("m"), 9, new RecordingSettler(calls, Future.succeededFuture()) {
      @Override
      public boolean senderRetries() {
        return true;
      }
    });
    Await.until("settled", () -> calls.size() == 1);
    assertThat(calls.get(0)).startsWith("nack");
    assertThat(counters.snapshot()).isEqualTo(new BrokerStats(0, 0, 0, 1, 0, 0));
  }

  @Test
  void theBoundHoldsFurtherMessagesInOrderAndOfferRefusesPastWaiting() {
    List<Promise<Void>> running = new CopyOnWriteArrayList<>();
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicInteger rooms = new AtomicInteger();
    Deliveries deliveries = new Deliveries("t", e -> {
      order.add(e.message().body().toString());
      Promise<Void> done = Promise.promise();
      running.add(done);
      return done.future();
    }, new SubscribeOptions().setMaxInFlight(2), options, counters, context).roomHandler(rooms::incrementAndGet);
    RecordingSettler settler = new RecordingSettler(new CopyOnWriteArrayList<>(), Future.succeededFuture());
    for (int i = 0; i < 4; i++) {
      assertThat(deliveries.offer(message("m" + i), 1, settler, 2)).isTrue();
    }
    assertThat(deliveries.offer(message("m4"), 1, settler, 2)).as("two with the handler, two waiting: full").isFalse();
    assertThat(deliveries.hasRoom()).isFalse();
    Await.until("two with the handler", () -> running.size() == 2);
    assertThat(deliveries.occupancy()).isEqualTo(4);

    running.get(0).complete();
    Await.until("the next in line", () -> running.size() == 3);
    running.forEach(Promise::tryComplete);
    Await.until("the last", () -> running.size() == 4);
    running.forEach(Promise::tryComplete);
    Await.until("all settled", () -> deliveries.occupancy() == 0);
    assertThat(order).containsExactly("m0", "m1", "m2", "m3");
    assertThat(rooms.get()).isEqualTo(4);
  }

  @Test
  void messagesSettledHereAreRedeliveredHereAndAfterACloseGoToTheOrphanHandler() {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    List<Deliveries.Pending> orphans = new CopyOnWriteArrayList<>();
    Promise<Void> secondTry = Promise.promise();
    Deliveries deliveries = new Deliveries("t", e -> {
      attempts.add(e.attempt());
      return e.attempt() == 1 ? Future.failedFuture("first fails") : secondTry.future();
    }, new SubscribeOptions(), options, counters, context).orphanHandler(orphans::add);
    deliveries.deliver(message("m"), 1);
    Await.until("the redelivery", () -> attempts.size() == 2);
    assertThat(attempts).containsExactly(1, 2);
    assertThat(deliveries.occupancy()).as("its slot kept while it is redelivered").isEqualTo(1);

    assertThat(deliveries.close()).isEmpty();
    secondTry.fail("fails again after the close");
    Await.until("the orphan", () -> orphans.size() == 1);
    assertThat(orphans.get(0).attempt()).isEqualTo(3);
    deliveries.deliver(message("late"), 1);
    assertThat(orphans).hasSize(2);
    assertThat(deliveries.occupancy()).isZero();
  }

  @Test
  void aClosedVertxMakesTheSubscriptionGoneWithItsMessagesKept() {
    Vertx gone = Vertx.vertx();
    AtomicInteger goneCalls = new AtomicInteger();
    Deliveries deliveries = new Deliveries("t", e -> Future.succeededFuture(), new SubscribeOptions(), options,
      counters, gone.getOrCreateContext()).goneHandler(goneCalls::incrementAndGet);
    Await.result(gone.close());
    deliveries.deliver(message("m0"), 1);
    deliveries.deliver(message("m1"), 1);
    assertThat(goneCalls.get()).isEqualTo(1);
    assertThat(deliveries.isClosed()).isTrue();
    assertThat(deliveries.close()).extracting(p -> p.message().body().toString()).containsExactly("m0");
  }
}
