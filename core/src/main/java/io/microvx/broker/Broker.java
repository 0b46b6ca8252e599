package io.microvx.broker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Publish/subscribe, go-micro's {@code broker.Broker}, asynchronous. The contract every implementation
 * keeps (and {@code BrokerContract} in the core's test jar checks):
 *
 * <ul>
 *   <li><b>Fan-out and groups.</b> Subscribers without a queue each receive every message of their topic;
 *   subscribers sharing a queue name form a group in which each message goes to one member.</li>
 *   <li><b>Topics are literal.</b> A topic is a name, never a pattern: a plugin whose broker reads
 *   {@code *}, {@code >} or {@code #} as wildcards escapes them or refuses the topic (400).</li>
 *   <li><b>Handlers run on the subscriber's Vert.x context</b> (the one current when it subscribed),
 *   whatever thread the client library calls back on; at most {@link SubscribeOptions#getMaxInFlight()}
 *   deliveries are with the handler of one {@link Subscriber} at once.</li>
 *   <li><b>Settling.</b> A handler acknowledges by completing its future (with {@code autoAck}) or through
 *   {@link Event#ack()}; failing or throwing is a nack. A nacked message comes again (the broker's
 *   redelivery, or the subscription's) up to {@code broker_redeliveries} times, then it is dropped or
 *   dead-lettered, logged and counted in {@link #stats()}. {@link Event#attempt()} numbers the tries.</li>
 *   <li><b>Expired work is dropped.</b> A message whose deadline ({@link Deadlines}) passed before delivery is
 *   acknowledged without reaching the handler and counted ({@link BrokerStats#expired()}), unless the
 *   subscription's {@code drop_expired} is off ({@link Deliveries} does it for every plugin built on it).</li>
 *   <li><b>{@link #subscribe} completes only when the subscription is live</b>: a message published after
 *   it completed reaches it (Kafka's partition assignment, a proxy's WebSocket, a registry entry are
 *   waited for), so a server never registers before it can receive.</li>
 *   <li><b>Durable</b> subscriptions ({@link SubscribeOptions#setDurable}) keep messages for absent
 *   subscribers; brokers that cannot refuse them (501).</li>
 *   <li><b>Connections come and go.</b> Subscriptions survive a reconnect by themselves; while the broker
 *   is unreachable, publishing fails (503) rather than buffering without bound.</li>
 *   <li><b>Failures are {@link io.microvx.errors.MicroException}s</b>: 503 broker unreachable or a
 *   subscriber's backlog full, 408 no answer in time, 413 message too large, 400 a bad topic, 501 a
 *   feature the broker does not have.</li>
 * </ul>
 *
 * <p>Implementations are plugins found by name ({@code MICRO_BROKER}, {@code MICRO_BROKER_ADDRESS}):
 * {@code proxy} (the default: {@code micro server}'s broker), {@code http} (go-micro's), {@code memory},
 * and further ones as modules. {@link Deliveries} holds what every implementation does between receiving
 * and settling a message.
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

  /** Subscribes a handler to a topic; completes once messages published from then on reach it. */
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
