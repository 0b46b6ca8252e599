package io.microvx.mutiny;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Event;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.testing.Await;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MutinyBrokerTest {

  private final Vertx vertx = Vertx.vertx();
  private final Broker broker = Broker.memory(vertx, new BrokerOptions());

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private void publish(MutinyBroker mutiny, int count) {
    for (int i = 0; i < count; i++) {
      mutiny.publish("ticks", new Message(Map.of(), Buffer.buffer("t" + i))).await().atMost(Duration.ofSeconds(5));
    }
  }

  @Test
  void deliveriesWaitForDemandAndAreAcknowledgedWhenTaken() {
    MutinyBroker mutiny = MutinyBroker.of(broker);
    AssertSubscriber<Event> subscriber = mutiny.subscribe("ticks", new SubscribeOptions().setMaxInFlight(4))
      .subscribe().withSubscriber(AssertSubscriber.create(1));
    publish(mutiny, 20);

    subscriber.awaitItems(1);
    // nothing more was asked for: one message taken and acknowledged, the rest held back, none lost
    Await.until("the broker to settle", () -> broker.stats().delivered() == 1);
    assertThat(subscriber.getItems()).hasSize(1);

    subscriber.request(19);
    subscriber.awaitItems(20);
    assertThat(subscriber.getItems()).extracting(e -> e.message().body().toString())
      .containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11", "t12", "t13", "t14",
        "t15", "t16", "t17", "t18", "t19");
    Await.until("all 20 acknowledged", () -> broker.stats().delivered() == 20);
  }

  @Test
  void cancellingUnsubscribes() {
    MutinyBroker mutiny = MutinyBroker.of(broker);
    AssertSubscriber<Event> subscriber = mutiny.subscribe("ticks", new SubscribeOptions())
      .subscribe().withSubscriber(AssertSubscriber.create(10));
    publish(mutiny, 1);
    subscriber.awaitItems(1);
    subscriber.cancel();
    publish(mutiny, 1);
    assertThat(broker.stats().unrouted()).as("no subscriber left for the second").isEqualTo(1);
  }

  @Test
  void aUniHandlerIsAcknowledgedWhenItsWorkIsDoneNotWhenItIsHandedOver() {
    MutinyBroker mutiny = MutinyBroker.of(broker);
    io.smallrye.mutiny.subscription.UniEmitter<? super Void>[] work = new io.smallrye.mutiny.subscription.UniEmitter[1];
    mutiny.subscribe("jobs", event -> io.smallrye.mutiny.Uni.createFrom().<Void>emitter(e -> work[0] = e),
      new SubscribeOptions()).await().atMost(Duration.ofSeconds(5));
    publish("jobs", mutiny);
    Await.until("the work to start", () -> work[0] != null);
    assertThat(broker.stats().delivered()).as("handed over, not done").isZero();
    work[0].complete(null);
    Await.until("acknowledged once done", () -> broker.stats().delivered() == 1);
  }

  private void publish(String topic, MutinyBroker mutiny) {
    mutiny.publish(topic, new Message(Map.of(), Buffer.buffer("job"))).await().atMost(Duration.ofSeconds(5));
  }
}
