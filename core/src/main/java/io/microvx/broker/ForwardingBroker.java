package io.microvx.broker;

import io.vertx.core.Future;

import java.util.Objects;

/**
 * A broker handing every operation to another. Wrappers (metrics, tracing) extend it and override only
 * what they add to, usually {@link #publish} and {@link #subscribe}.
 */
public abstract class ForwardingBroker implements Broker {

  /** The broker wrapped. */
  protected final Broker broker;

  protected ForwardingBroker(Broker broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
  }

  @Override
  public String name() {
    return broker.name();
  }

  @Override
  public String address() {
    return broker.address();
  }

  @Override
  public Future<Void> connect() {
    return broker.connect();
  }

  @Override
  public Future<Void> disconnect() {
    return broker.disconnect();
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions options) {
    return broker.publish(topic, message, options);
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions options) {
    return broker.subscribe(topic, handler, options);
  }

  @Override
  public BrokerStats stats() {
    return broker.stats();
  }
}
