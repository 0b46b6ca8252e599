package io.microvx.transport;

import io.vertx.core.Future;

import java.time.Duration;

/** A listening transport. */
public interface TransportServer {

  /**
   * The address to register, for clients to hand back to {@link Transport#request}: the advertise address
   * when one was given; otherwise where it listens (for http {@code host:port} with the port chosen, a
   * wildcard host replaced by a private address of this machine). Opaque outside the http transport.
   */
  String address();

  /** The port it listens on, or -1 for a transport without ports. */
  int port();

  /**
   * Stops accepting connections, lets requests in progress finish within the timeout, closing each
   * connection once it is idle, then closes what remains.
   */
  Future<Void> shutdown(Duration timeout);

  /** Closes now, connections included. */
  Future<Void> close();
}
