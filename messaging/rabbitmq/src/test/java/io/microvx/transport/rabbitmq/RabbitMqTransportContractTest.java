package io.microvx.transport.rabbitmq;

import io.microvx.broker.rabbitmq.RabbitMqBrokerOptions;
import io.microvx.testing.RealServers;
import io.microvx.testing.TransportContract;
import io.microvx.transport.Transport;

/** The transport contract over AMQP with direct reply-to, against the RabbitMQ scripts/services started. */
class RabbitMqTransportContractTest extends TransportContract {

  @Override
  protected Transport newTransport() {
    return RabbitMqTransport.create(vertx, new RabbitMqBrokerOptions().setUri(RealServers.rabbitmq()));
  }

  /** The server picks its queue. */
  @Override
  protected String listenAddress() {
    return null;
  }

  private final String advertised = "micro.rabbitmq.advertised." + System.nanoTime();

  @Override
  protected String advertiseAddress() {
    return advertised;
  }

  @Override
  protected boolean hasStreams() {
    return false;
  }
}
