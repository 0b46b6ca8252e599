package io.microvx.broker.kafka;

import io.microvx.broker.Broker;
import io.microvx.plugin.BrokerProvider;
import io.microvx.registry.CachingRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code kafka}: go-micro's kafka broker (the record value is the message's JSON envelope; a queue is a
 * consumer group), with offsets committed only after the handler succeeded. Options:
 * {@link KafkaBrokerOptions}.
 */
public final class KafkaBrokerProvider implements BrokerProvider {

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public Broker create(Vertx vertx, CachingRegistry registry, JsonObject config) {
    return create(vertx, new KafkaBrokerOptions(config));
  }

  /** A Kafka broker with the given options, for use in code; {@link Broker#connect()} opens it. */
  public static Broker create(Vertx vertx, KafkaBrokerOptions options) {
    return new KafkaBroker(vertx, options);
  }
}
