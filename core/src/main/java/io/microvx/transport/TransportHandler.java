package io.microvx.transport;

/** What a listening transport hands its requests and streams to: the server. */
public interface TransportHandler {

  /** A unary request; reply through the exchange. */
  void request(ServerExchange exchange);

  /** A stream a caller opened; {@link TransportStream#header()} holds the call's headers. */
  void stream(TransportStream stream);
}
