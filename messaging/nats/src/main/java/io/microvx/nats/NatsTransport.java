package io.microvx.nats;

import io.microvx.transport.Transport;
import io.vertx.core.Vertx;

/**
 * RPC over NATS request-reply, as go-micro's NATS transport: a server listens on a subject of its own
 * ({@code _INBOX.<nuid>} unless told one), which it registers as its address; a request is one NATS
 * request to that subject, its reply the answer. No streams (501). See {@code docs/messaging.md}.
 */
public interface NatsTransport extends Transport {

  /** A transport with these options; it connects on first use. */
  static NatsTransport create(Vertx vertx, NatsOptions options) {
    return new DefaultNatsTransport(vertx, options);
  }
}
