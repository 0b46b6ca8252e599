package io.microvx.broker;

import io.microvx.testing.Await;
import io.microvx.testing.BrokerContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import io.vertx.core.Promise;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;


class MemoryBrokerTest extends BrokerContract {

  @Test
  void aMemberWhoseVertxClosedHandsItsMessagesToTheRest() {
    String name = "closed-member-" + System.identityHashCode(this);
    Vertx gone = Vertx.vertx();
    AtomicInteger handled = new AtomicInteger();
    Await.result(Broker.sharedMemory(gone, name, new BrokerOptions())
      .subscribe("jobs", e -> Future.succeededFuture(), new SubscribeOptions().setQueue("workers")));
    Broker staying = Broker.sharedMemory(vertx, name, new BrokerOptions());
    Await.result(staying.subscribe("jobs", e -> {
      handled.incrementAndGet();
      return Future.succeededFuture();
    }, new SubscribeOptions().setQueue("workers")));
    Await.result(gone.close()); // without unsubscribing
    for (int i = 0; i < 20; i++) {
      Await.result(staying.publish("jobs", new Message(Map.of(), Buffer.buffer("j" + i))));
    }
    Await.until("all 20 jobs handled by the member still there", () -> handled.get() == 20);
  }

  @Test
  void aDurableSubscriberWhoseVertxClosedFindsItsMessagesKeptWhenItComesBack() {
    String name = "closed-durable-" + System.identityHashCode(this);
    Vertx gone = Vertx.vertx();
    Await.result(Broker.sharedMemory(gone, name, new BrokerOptions())
      .subscribe("orders", e -> Future.succeededFuture(), new SubscribeOptions().setDurable("billing")));
    Await.result(gone.close()); // without unsubscribing
    Broker publisher = Broker.sharedMemory(vertx, name, new BrokerOptions());
    for (int i = 0; i < 5; i++) {
      Await.result(publisher.publish("orders", new Message(Map.of(), Buffer.buffer("o" + i))));
    }
    List<String> received = new CopyOnWriteArrayList<>();
    Await.result(publisher.subscribe("orders", e -> {
      received.add(e.message().body().toString());
      return Future.succeededFuture();
    }, new SubscribeOptions().setDurable("billing")));
    Await.until("the five kept for it", () -> received.size() == 5);
    assertThat(received).containsExactly("o0", "o1", "o2", "o3", "o4");
  }

  @Test
  void aMemberLeavingHandsItsBacklogAndLateNacksToAFullMember() {
    Broker leaving = broker();
    Broker staying = broker(new BrokerOptions().setMaxPending(1));
    List<Promise<Void>> heldByLeaving = new CopyOnWriteArrayList<>();
    Subscriber leaver = Await.result(leaving.subscribe("jobs", event -> {
      Promise<Void> held = Promise.promise();
      heldByLeaving.add(held);
      return held.future();
    }, new SubscribeOptions().setQueue("workers").setMaxInFlight(1)));
    for (int i = 0; i < 5; i++) {
      Await.result(leaving.publish("jobs", text("a" + i)));
    }
    Await.until("the leaving member to hold its first job", () -> heldByLeaving.size() == 1);

    AtomicBoolean released = new AtomicBoolean();
    List<Promise<Void>> heldByStaying = new CopyOnWriteArrayList<>();
    Set<String> doneByStaying = ConcurrentHashMap.newKeySet();
    Await.result(staying.subscribe("jobs", event -> {
      String body = event.message().body().toString();
      Promise<Void> held = Promise.promise();
      held.future().onSuccess(v -> doneByStaying.add(body));
      if (released.get()) {
        held.complete();
      } else {
        heldByStaying.add(held);
      }
      return held.future();
    }, new SubscribeOptions().setQueue("workers").setMaxInFlight(1)));
    for (int i = 0; i < 10; i++) {
      Await.result(staying.publish("jobs", text("b" + i)));
    }
    Await.until("the staying member to be busy", () -> heldByStaying.size() == 1);

    // the staying member is full; leaving must still not lose the backlog, nor the job nacked afterwards
    Await.result(leaver.unsubscribe());
    heldByLeaving.get(0).fail("nacked after unsubscribing");
    released.set(true);
    heldByStaying.forEach(Promise::tryComplete);
    Await.until("all 15 jobs done by the staying member", () -> doneByStaying.size() == 15);
    assertThat(sum(List.of(leaving, staying)).dropped()).isZero();
  }

  /** Within the process: the bus keeps a durable group's messages while it has no member. */
  @Override
  protected boolean keepsDurableSubscriptions() {
    return true;
  }

  @Override
  protected Broker newBroker(BrokerOptions options) {
    return Broker.sharedMemory(vertx, "memory-broker-test-" + System.identityHashCode(this), options);
  }
}
