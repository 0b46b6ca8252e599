package io.microvx.broker;

import io.microvx.registry.Service;
import io.vertx.core.Context;
import io.vertx.core.Future;

/** A subscription of the http broker: registered as one node of {@code go.micro.http.broker}. */
final class HttpSubscription implements Subscriber {

  final String id;
  final String topic;
  final SubscribeOptions options;
  final Service registration;
  final Deliveries deliveries;
  private final HttpBroker broker;

  HttpSubscription(HttpBroker broker, String id, String topic, EventHandler handler, SubscribeOptions options,
                   BrokerOptions brokerOptions, BrokerCounters counters, Context context, Service registration) {
    this.broker = broker;
    this.id = id;
    this.topic = topic;
    this.options = new SubscribeOptions(options);
    this.registration = registration;
    // what can no longer reach the handler goes back to its sender, who delivers it elsewhere
    this.deliveries = new Deliveries(topic, handler, options, brokerOptions, counters, context)
      .orphanHandler(HttpSubscription::refuse);
  }

  /** Closes the subscription: deliveries still waiting for the handler go back to their senders. */
  void close() {
    deliveries.close().forEach(HttpSubscription::refuse);
  }

  private static void refuse(Deliveries.Pending left) {
    ((HttpBroker.Reply) left.settler()).refuse();
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public SubscribeOptions options() {
    return new SubscribeOptions(options);
  }

  @Override
  public Future<Void> unsubscribe() {
    return broker.unsubscribe(this);
  }
}
