package io.microvx.broker;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Objects;

/**
 * A delivered event handing everything to another, settling included. A broker wrapper hands its
 * handler one of these, overriding what it observes or changes (the settlement counted, the message's
 * headers).
 */
public class ForwardingEvent implements Event {

  /** The event wrapped. */
  protected final Event event;

  public ForwardingEvent(Event event) {
    this.event = Objects.requireNonNull(event, "event");
  }

  @Override
  public String topic() {
    return event.topic();
  }

  @Override
  public Message message() {
    return event.message();
  }

  @Override
  public int attempt() {
    return event.attempt();
  }

  @Override
  public Future<Void> ack() {
    return event.ack();
  }

  @Override
  public Future<Void> nack() {
    return event.nack();
  }

  @Override
  public Future<Void> nack(Duration delay) {
    return event.nack(delay);
  }
}
