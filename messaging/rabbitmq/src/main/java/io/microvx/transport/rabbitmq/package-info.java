/**
 * The {@code rabbitmq} transport plugin: {@link io.microvx.transport.rabbitmq.RabbitMqTransportProvider}
 * and {@link io.microvx.transport.rabbitmq.RabbitMqTransport}, RPC over AMQP with direct reply-to.
 */
package io.microvx.transport.rabbitmq;
