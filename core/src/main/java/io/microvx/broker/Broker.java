package io.microvx.broker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Publish/subscribe, go-micro's {@code broker.Broker}, asynchronous.
 *
 * <p>Subscribers without a queue each receive every message of their topic; subscribers sharing a
 * queue name form a group in which each message goes to one member. A handler acknowledges a message by
 * completing its future (or, with {@code autoAck=false}, by {@link Event#ack()}); a handler that throws
 * or fails is a nack: brokers that can redeliver do, the others count the loss and report it in
 * {@link #stats()}. Deliveries in flight per subscriber are bounded by
 * {@link SubscribeOptions#getMaxInFlight()}; each implementation documents what happens beyond.
 *
 * <p>Implementations are plugins found by name ({@code MICRO_BROKER}, {@code MICRO_BROKER_ADDRESS}):
 * {@code http} (go-micro's, the default), {@code memory}, and NATS, RabbitMQ and Kafka as modules.
 */
public interface Broker {

  /** The plugin name, advertised in node metadata ({@code broker=http}). */
  String name();

  /** Where the broker listens or connects, once connected ({@code host:port}); null when not applicable. */
  String address();

  /** Connects (or starts listening); idempotent. */
  Future<Void> connect();

  /**
   * Unsubscribes everything, lets what was already accepted for publishing go out (the http broker
   * waits up to 5 s), then disconnects; idempotent. A disconnected http broker cannot connect again.
   */
  Future<Void> disconnect();

  /**
   * Publishes a message. Completes once the broker accepted it: not when subscribers handled it. With
   * no subscriber the message is accepted and counted ({@link BrokerStats#unrouted()}).
   */
  Future<Void> publish(String topic, Message message, PublishOptions options);

  default Future<Void> publish(String topic, Message message) {
    return publish(topic, message, new PublishOptions());
  }

  /** Subscribes a handler to a topic. */
  Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions options);

  default Future<Subscriber> subscribe(String topic, EventHandler handler) {
    return subscribe(topic, handler, new SubscribeOptions());
  }

  /** Counters since the broker was made. */
  BrokerStats stats();

  /** An in-process broker of its own (for tests and single-process embedding). */
  static Broker memory(Vertx vertx, BrokerOptions options) {
    return new MemoryBroker(vertx, new MemoryBus(), options);
  }

  /**
   * go-micro's http broker: a listener on {@code broker_address} receiving deliveries, subscriptions
   * registered in (and subscribers found through) the given registry cache.
   */
  static Broker http(Vertx vertx, io.microvx.registry.CachingRegistry registry, BrokerOptions options, int maxMessageSize) {
    return new HttpBroker(vertx, registry, options, maxMessageSize);
  }

  /** The process-wide in-memory broker of that name, the one the {@code memory} plugin uses. */
  static Broker sharedMemory(Vertx vertx, String name, BrokerOptions options) {
    return new MemoryBroker(vertx, MemoryBus.shared(name), options);
  }
}
