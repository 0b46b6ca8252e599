package io.microvx.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Moves messages between a client and a node, go-micro's {@code transport.Transport}, asynchronous.
 *
 * <p>The {@code http} transport speaks go-micro v1's wire for unary calls ({@code POST /} with
 * {@code Micro-*} headers, always answered 200, errors in {@code Micro-Error}) and carries streams over a
 * WebSocket upgrade on the same port (see {@code docs/protocol.md}).
 */
public interface Transport {

  /** The plugin name, advertised in node metadata ({@code transport=http}). */
  String name();

  /**
   * Sends one request to the node at {@code host:port} and completes with its reply. Fails with a
   * {@link TransportException} when the node could not be reached or did not answer within the timeout
   * (null or zero: none); an error the node sent back arrives as a normal reply with {@code Micro-Error}.
   */
  Future<Message> request(String address, Message request, Duration timeout);

  /** Opens a stream to the node; {@code header} carries the call's headers. */
  Future<TransportStream> openStream(String address, Message header, Duration timeout);

  /** Listens on {@code host:port} (port 0 picks one), handing requests and streams to the handler. */
  Future<TransportServer> listen(String address, TransportHandler handler);

  /** Closes pooled connections. */
  Future<Void> close();

  /** The {@code http} transport. */
  static Transport http(Vertx vertx, HttpTransportOptions options) {
    return new HttpTransport(vertx, options);
  }
}
