package io.microvx.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Moves messages between a client and a node, go-micro's {@code transport.Transport}, asynchronous.
 *
 * <p>A node's address is whatever its {@link TransportServer#address()} reported when the server
 * registered it: {@code host:port} for the {@code http} transport, an opaque string for others (a NATS
 * subject, a queue name). Clients hand it back unchanged; only the transport reads it.
 *
 * <p>The {@code http} transport speaks go-micro v1's wire for unary calls ({@code POST /} with
 * {@code Micro-*} headers, always answered 200, errors in {@code Micro-Error}) and carries streams over a
 * WebSocket upgrade on the same port (see {@code docs/protocol.md}).
 */
public interface Transport {

  /** The plugin name, advertised in node metadata ({@code transport=http}). */
  String name();

  /**
   * Sends one request to the node at that address and completes with its reply. Fails with a
   * {@link TransportException} when the node could not be reached or did not answer within the timeout
   * (null or zero: none), so the client retries elsewhere and the selector counts it
   * ({@link TransportException#of} makes one of any failure); an error the node sent back arrives as a
   * normal reply with {@code Micro-Error}.
   */
  Future<Message> request(String address, Message request, Duration timeout);

  /**
   * Opens a stream to the node; {@code header} carries the call's headers. A transport without streams
   * fails with a 501 {@link io.microvx.errors.MicroException}, which the client does not retry.
   */
  Future<TransportStream> openStream(String address, Message header, Duration timeout);

  /**
   * Listens, handing requests and streams to the handler. {@code address} says where ({@code host:port},
   * port 0 picking one, for http; a transport's own form otherwise); {@code advertise}, when not null, is
   * the address to register instead of the one listened on. The server registers what
   * {@link TransportServer#address()} then reports.
   */
  Future<TransportServer> listen(String address, String advertise, TransportHandler handler);

  /** Listens with nothing to advertise but where it listens. */
  default Future<TransportServer> listen(String address, TransportHandler handler) {
    return listen(address, null, handler);
  }

  /** Closes pooled connections. */
  Future<Void> close();

  /** The {@code http} transport. */
  static Transport http(Vertx vertx, HttpTransportOptions options) {
    return new HttpTransport(vertx, options);
  }
}
