package io.microvx.transport;

/**
 * What a listening transport hands its requests and streams to: the server. A transport calls it on a
 * Vert.x context (an event loop of the server's Vert.x), never on a thread of its client library, and
 * never blocks waiting for it.
 */
public interface TransportHandler {

  /** A unary request; reply through the exchange. */
  void request(ServerExchange exchange);

  /** A stream a caller opened; {@link TransportStream#header()} holds the call's headers. */
  void stream(TransportStream stream);
}
