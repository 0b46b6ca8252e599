package io.microvx.transport.rabbitmq;

import io.microvx.broker.rabbitmq.RabbitMqBrokerOptions;
import io.microvx.plugin.TransportProvider;
import io.microvx.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code rabbitmq}: RPC over AMQP with direct reply-to ({@code MICRO_TRANSPORT=rabbitmq}). The server comes
 * from {@code transport_address}, else {@code rabbitmq_address}, else the RabbitMQ broker's
 * {@code broker_address}; the other {@code rabbitmq_*} options are the broker's.
 */
public final class RabbitMqTransportProvider implements TransportProvider {

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public Transport create(Vertx vertx, JsonObject config) {
    String address = config.getString("transport_address");
    if (blank(address)) {
      address = config.getString("rabbitmq_address");
    }
    if (blank(address) && "rabbitmq".equals(config.getString("broker"))) {
      address = config.getString("broker_address"); // the RabbitMQ the broker uses, when only it is named
    }
    JsonObject effective = config.copy();
    if (blank(address)) {
      effective.remove("broker_address");
    } else {
      effective.put("broker_address", address);
    }
    return RabbitMqTransport.create(vertx, new RabbitMqBrokerOptions(effective));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
