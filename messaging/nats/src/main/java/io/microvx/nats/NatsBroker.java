package io.microvx.nats;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.vertx.core.Vertx;

/**
 * The NATS broker: topics are subjects, queue groups are NATS queue groups, messages travel in go-micro's
 * JSON envelope ({@code {"Header":{…},"Body":"<base64>"}}) so go-micro's NATS broker reads them and we read
 * its, and a durable subscription is a JetStream durable consumer on a stream the broker creates (or finds)
 * for the topic. See {@code docs/messaging.md}.
 */
public interface NatsBroker extends Broker {

  /** The connection's state as jnats reports it: {@code CONNECTED}, {@code RECONNECTING}, {@code CLOSED}, ... */
  String state();

  /** Times the connection was lost since the broker connected. */
  long disconnects();

  /** A broker with these options; {@link #connect()} opens its connection. */
  static NatsBroker create(Vertx vertx, NatsOptions options, BrokerOptions brokerOptions) {
    return new DefaultNatsBroker(vertx, options, brokerOptions);
  }
}
