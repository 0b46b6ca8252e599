package io.microvx.broker.rabbitmq;

import io.microvx.broker.Broker;
import io.microvx.plugin.BrokerProvider;
import io.microvx.registry.CachingRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code rabbitmq}: go-micro's rabbitmq broker (a topic exchange, {@code micro} by default; routing key =
 * topic; the raw body with headers as AMQP headers), so Go and Java services on one server hear each other.
 * Options: {@link RabbitMqBrokerOptions}.
 */
public final class RabbitMqBrokerProvider implements BrokerProvider {

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public Broker create(Vertx vertx, CachingRegistry registry, JsonObject config) {
    return create(vertx, new RabbitMqBrokerOptions(config));
  }

  /** A RabbitMQ broker with the given options, for use in code; {@link Broker#connect()} opens it. */
  public static Broker create(Vertx vertx, RabbitMqBrokerOptions options) {
    return new RabbitMqBroker(vertx, options);
  }
}
