package io.microvx.broker;

import io.vertx.core.Future;

import java.time.Duration;

/**
 * How one delivered message is settled at the broker that delivered it, for broker plugins: a JetStream
 * {@code ack}/{@code nak}/{@code term}, an AMQP {@code basic.ack}/{@code basic.nack}, a Kafka commit.
 * {@link Deliveries} calls exactly one of these per delivery, after counting it; each returns what the
 * broker answered. Calls may come from any thread; the futures may complete on any thread.
 */
public interface Settler {

  /** The handler is done with the message. */
  Future<Void> ack();

  /** The message should come again after the delay (JetStream {@code nakWithDelay}, or wait then requeue). */
  Future<Void> nack(Duration delay);

  /**
   * The message has used up its redeliveries: discard it, or move it to a dead-letter place where the
   * broker has one (JetStream {@code term}, AMQP {@code nack} without requeue, a Kafka dead-letter topic).
   */
  Future<Void> drop();

  /**
   * Whether the sender, not this subscription, decides on redelivery (go-micro's http broker: the
   * publisher retries what the subscriber answered 500). A nack is then only counted as failed here, and
   * never dropped here: the sender counts retries and drops.
   */
  default boolean senderRetries() {
    return false;
  }
}
