package io.microvx.broker;

import io.microvx.testing.Await;
import io.microvx.testing.BrokerContract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;


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

  @Override
  protected Broker newBroker(BrokerOptions options) {
    return Broker.sharedMemory(vertx, "memory-broker-test-" + System.identityHashCode(this), options);
  }
}
