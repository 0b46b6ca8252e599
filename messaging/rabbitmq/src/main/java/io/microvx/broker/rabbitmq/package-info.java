/**
 * The {@code rabbitmq} broker plugin: {@link io.microvx.broker.rabbitmq.RabbitMqBrokerProvider} and its
 * {@link io.microvx.broker.rabbitmq.RabbitMqBrokerOptions}.
 */
package io.microvx.broker.rabbitmq;
