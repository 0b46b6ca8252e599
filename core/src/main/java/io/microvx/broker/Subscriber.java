package io.microvx.broker;

import io.vertx.core.Future;

/** A running subscription. */
public interface Subscriber {

  String topic();

  SubscribeOptions options();

  /** Stops deliveries; for the http broker also removes the subscription's registry node. */
  Future<Void> unsubscribe();
}
