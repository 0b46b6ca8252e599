package io.microvx.broker;

import io.vertx.core.Future;

import java.time.Duration;

/**
 * A message delivered to a subscriber, settled once: acknowledged, or rejected for a later redelivery.
 *
 * <p>With {@code autoAck} (the default) the handler's future settles it: success acks, failure (or a
 * throw) nacks. Without it the handler calls {@link #ack()} or {@link #nack()} itself, whenever its work
 * is done; a failed handler still nacks. The futures complete, on the subscriber's context, with what the
 * broker answered: a JetStream ack or a Kafka commit that failed fails the future. Settling a second time
 * changes nothing and returns the first settlement's future.
 */
public interface Event {

  String topic();

  Message message();

  /**
   * 1 on the first delivery of the message, 2 on its first redelivery, and so on: the broker's own count
   * where it keeps one (JetStream, quorum queues), otherwise the subscription's.
   */
  int attempt();

  /** Acknowledges the message: the broker forgets it. */
  Future<Void> ack();

  /**
   * Rejects the message for redelivery after the broker's back-off ({@code broker_retry_backoff},
   * doubling with each attempt). After {@code broker_redeliveries} redeliveries the message is given up
   * instead: dropped, or dead-lettered where the broker has a place for it, and counted.
   */
  Future<Void> nack();

  /** As {@link #nack()}, redelivered after this delay instead (zero: as soon as the broker can). */
  Future<Void> nack(Duration delay);
}
