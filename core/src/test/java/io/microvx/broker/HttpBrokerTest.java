package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.testing.BrokerContract;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpBrokerTest extends BrokerContract {

  private final Map<Broker, CachingRegistry> caches = new ConcurrentHashMap<>();

  @Test
  void aBusyLoneQueueMemberIsAskedAgainNotGivenUpOn() {
    // few retries, so that a busy answer costing an attempt would drop messages
    Broker publisher = broker(new BrokerOptions().setRedeliveries(1).setRetryBackoff(Duration.ofMillis(5)));
    List<Promise<Void>> held = new CopyOnWriteArrayList<>();
    AtomicInteger handled = new AtomicInteger();
    Await.result(broker(new BrokerOptions().setMaxPending(1)).subscribe("busy", event -> {
      handled.incrementAndGet();
      Promise<Void> done = Promise.promise();
      held.add(done);
      return done.future();
    }, new SubscribeOptions().setQueue("workers").setMaxInFlight(1)));
    awaitSubscribers(publisher, "busy", 1);
    for (int i = 0; i < 6; i++) {
      Await.result(publisher.publish("busy", text("job " + i)));
    }
    // the member holds one and has room for one more: the rest are answered 429 until it settles
    Await.until("the member to hold its first job", () -> held.size() == 1);
    for (int settled = 0; settled < 6; settled++) {
      int next = settled;
      Await.until("job " + next + " to reach the member", () -> held.size() > next);
      held.get(next).complete();
    }
    Await.until("all 6 handled", () -> handled.get() == 6);
    assertThat(sum(List.of(publisher)).dropped()).isZero();
  }

  @Test
  void disconnectingSendsWhatWasAcceptedAndCannotBeUndone() {
    Broker publisher = newBroker(new BrokerOptions());
    Await.result(publisher.connect());
    List<String> received = new CopyOnWriteArrayList<>();
    Await.result(broker().subscribe("last.words", event -> {
      received.add(event.message().body().toString());
      return Future.succeededFuture();
    }, new SubscribeOptions()));
    awaitSubscribers(publisher, "last.words", 1);
    for (int i = 0; i < 50; i++) {
      Await.result(publisher.publish("last.words", text("m" + i)));
    }
    Await.result(publisher.disconnect());
    assertThat(received).as("every accepted message was sent before the disconnect completed").hasSize(50);
    assertThatThrownBy(() -> Await.result(publisher.connect())).hasMessageContaining("make a new one");
    assertThatThrownBy(() -> Await.result(publisher.publish("last.words", text("late"))))
      .hasMessageContaining("disconnected");
  }

  @Test
  void aDurableSubscriptionIsRefusedNotIgnored() {
    MicroException refused = (MicroException) Await.failure(broker().subscribe("orders", e -> Future.succeededFuture(),
      new SubscribeOptions().setDurable("billing")));
    assertThat(refused.code()).isEqualTo(501);
    assertThat(refused.detail()).contains("no durable subscriptions");
  }

  /** The publisher re-sends a nacked delivery: the subscriber sees a first attempt each time. */
  @Override
  protected boolean countsAttempts() {
    return false;
  }

  @Override
  protected Broker newBroker(BrokerOptions options) {
    CachingRegistry cache = Registry.cached(vertx, registry, new CacheOptions());
    Broker broker = Broker.http(vertx, cache, options.setAddress("127.0.0.1:0"), 4 * 1024 * 1024);
    caches.put(broker, cache);
    return broker;
  }

  @Override
  protected void awaitSubscribers(Broker publisher, String topic, int count) {
    CachingRegistry cache = caches.get(publisher);
    Await.until(count + " subscriber(s) of " + topic + " in the publisher's cache", () -> {
      List<Service> services = Await.result(cache.getService(BrokerOptions.DEFAULT_HTTP_SERVICE));
      return services.stream().flatMap(s -> s.nodes().stream())
        .filter(n -> topic.equals(n.metadata().get("topic"))).count() == count;
    });
  }
}
