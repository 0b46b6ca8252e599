package io.microvx.transport;

import io.vertx.core.Future;

import java.time.Duration;

/** A listening transport. */
public interface TransportServer {

  /** The address it is bound to, {@code host:port}, with the port actually chosen. */
  String address();

  int port();

  /**
   * Stops accepting connections, lets requests in progress finish within the timeout, closing each
   * connection once it is idle, then closes what remains.
   */
  Future<Void> shutdown(Duration timeout);

  /** Closes now, connections included. */
  Future<Void> close();
}
