package io.microvx.transport.rabbitmq;

import io.microvx.broker.rabbitmq.RabbitMqBrokerOptions;
import io.microvx.transport.Transport;
import io.vertx.core.Vertx;

/**
 * RPC over AMQP, the shape of go-plugins' rabbitmq transport: each server consumes a queue of its own (a
 * UUID unless told a name), bound to the exchange ({@code micro}) with its name as routing key, and
 * registers that name as its address; a request is published to the exchange with the address as routing
 * key and comes back through RabbitMQ's direct reply-to ({@code amq.rabbitmq.reply-to}). The call's
 * timeout is also the request's expiry in the queue. No streams (501). See {@code docs/messaging.md}.
 *
 * <p>Connection settings are the broker's ({@link RabbitMqBrokerOptions}: URI, exchange and its
 * durability, TLS, heartbeat, timeouts); {@code rabbitmq_prefetch} bounds the requests a server holds
 * unanswered (0: {@value #DEFAULT_SERVER_PREFETCH}).
 */
public interface RabbitMqTransport extends Transport {

  /** Requests a server holds unanswered at most when {@code rabbitmq_prefetch} is 0. */
  int DEFAULT_SERVER_PREFETCH = 512;

  /** A transport with these options; it connects on first use. */
  static RabbitMqTransport create(Vertx vertx, RabbitMqBrokerOptions options) {
    return new DefaultRabbitMqTransport(vertx, options);
  }
}
