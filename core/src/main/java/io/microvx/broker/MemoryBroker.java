package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-process broker: every subscriber without a queue gets each message, one member of each queue
 * group gets it. Deliveries are bounded per subscriber ({@code max_in_flight} at the handler, up to
 * {@code broker_max_pending} more waiting); a publication that finds a backlog full waits for room up to
 * its timeout, then fails with 503 — nothing is dropped silently.
 */
final class MemoryBroker implements Broker {

  private final Vertx vertx;
  private final MemoryBus bus;
  private final BrokerOptions options;
  private final BrokerCounters counters = new BrokerCounters();
  private final List<MemorySubscription> subscriptions = new CopyOnWriteArrayList<>();

  MemoryBroker(Vertx vertx, MemoryBus bus, BrokerOptions options) {
    this.vertx = vertx;
    this.bus = bus;
    this.options = new BrokerOptions(options);
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String address() {
    return null;
  }

  @Override
  public Future<Void> connect() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> disconnect() {
    for (MemorySubscription subscription : List.copyOf(subscriptions)) {
      subscription.unsubscribe();
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions publishOptions) {
    if (topic == null || topic.isBlank()) {
      return Future.failedFuture(MicroException.badRequest("go.micro.broker", "publishing needs a topic"));
    }
    return bus.publish(vertx, counters, topic, message, publishOptions.getTimeout().toMillis());
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions subscribeOptions) {
    if (topic == null || topic.isBlank()) {
      return Future.failedFuture(MicroException.badRequest("go.micro.broker", "subscribing needs a topic"));
    }
    MemorySubscription subscription = new MemorySubscription(bus, topic, handler, subscribeOptions,
      vertx.getOrCreateContext(), counters, options, subscriptions::remove);
    subscriptions.add(subscription);
    bus.add(subscription);
    return Future.succeededFuture(subscription);
  }

  @Override
  public BrokerStats stats() {
    return counters.snapshot();
  }
}
