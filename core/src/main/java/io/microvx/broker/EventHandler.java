package io.microvx.broker;

import io.vertx.core.Future;

/**
 * Handles delivered messages. The returned future completing is the acknowledgement (with
 * {@code autoAck}); failing it, or throwing, is a nack. The delivery counts as in flight until then.
 */
@FunctionalInterface
public interface EventHandler {

  Future<Void> handle(Event event);
}
