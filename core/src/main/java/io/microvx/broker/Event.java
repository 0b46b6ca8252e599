package io.microvx.broker;

import io.vertx.core.Future;

/** A message delivered to a subscriber. */
public interface Event {

  String topic();

  Message message();

  /** Acknowledges the message (done for you when {@code autoAck} is on and the handler succeeds). */
  Future<Void> ack();

  /** Rejects the message: redelivered where the broker can, otherwise counted as failed. */
  Future<Void> nack();
}
