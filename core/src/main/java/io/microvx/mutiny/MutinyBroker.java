package io.microvx.mutiny;

import io.microvx.broker.Broker;
import io.microvx.broker.Event;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.function.Function;

/** A {@link Broker} with Mutiny types. Same broker underneath. */
public final class MutinyBroker {

  private final Broker broker;

  private MutinyBroker(Broker broker) {
    this.broker = broker;
  }

  public static MutinyBroker of(Broker broker) {
    return new MutinyBroker(broker);
  }

  public Broker delegate() {
    return broker;
  }

  public Uni<Void> publish(String topic, Message message) {
    return publish(topic, message, new PublishOptions());
  }

  public Uni<Void> publish(String topic, Message message, PublishOptions options) {
    return Mutiny.uni(() -> broker.publish(topic, message, options));
  }

  /**
   * Subscribes a handler returning a {@code Uni}: the message is settled when the Uni completes (acked on
   * an item with {@code autoAck}, nacked on a failure), so an acknowledgement follows the processing, not
   * the hand-over. The Uni is subscribed on the subscriber's Vert.x context. Completes with the running
   * subscription once it is live.
   */
  public Uni<Subscriber> subscribe(String topic, Function<Event, Uni<Void>> handler, SubscribeOptions options) {
    return Mutiny.uni(() -> broker.subscribe(topic, event -> Mutiny.future(handler.apply(event)), options));
  }

  /**
   * The topic's messages as they are requested. A delivery stays in flight until the subscriber takes
   * it, so a slow subscriber holds the broker to the subscription's {@code max_in_flight}; with
   * {@code autoAck} a message is acknowledged once taken. Cancelling unsubscribes.
   */
  public Multi<Event> subscribe(String topic, SubscribeOptions options) {
    return Multi.createFrom().publisher(new EventPublisher(broker, topic, options));
  }
}
