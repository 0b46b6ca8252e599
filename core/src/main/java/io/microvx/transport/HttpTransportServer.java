package io.microvx.transport;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The listening side of the {@code http} transport. Like go-micro's it ignores path and method for
 * unary calls; a WebSocket upgrade opens a stream. Bodies past the size limit are refused with 413 before
 * they are read (by {@code Content-Length}) or as soon as they pass it (chunked).
 */
final class HttpTransportServer implements TransportServer {

  private final HttpServer server;
  private final TransportHandler handler;
  private final int maxMessageSize;
  private volatile String advertised;
  volatile boolean draining;

  private HttpTransportServer(HttpServer server, TransportHandler handler, int maxMessageSize) {
    this.server = server;
    this.handler = handler;
    this.maxMessageSize = maxMessageSize;
  }

  static Future<TransportServer> listen(Vertx vertx, HttpTransportOptions options, String address, String advertise,
                                        TransportHandler handler) {
    String host;
    int port;
    try {
      int colon = address.lastIndexOf(':');
      host = colon <= 0 ? "0.0.0.0" : HttpTransport.host(address);
      port = colon < 0 ? 0 : Integer.parseInt(address.substring(colon + 1));
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("invalid server address \"" + address + "\": expected host:port", e));
    }
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
      .setHost(host)
      .setPort(port)
      .setTcpNoDelay(true)
      .setCompressionSupported(false)
      .setHandle100ContinueAutomatically(true)
      .setMaxWebSocketMessageSize(options.getMaxMessageSize()));
    HttpTransportServer transportServer = new HttpTransportServer(server, handler, options.getMaxMessageSize());
    server.requestHandler(transportServer::handleRequest);
    server.webSocketHandler(transportServer::handleWebSocket);
    // reading the machine's interfaces for a wildcard host is blocking: off the event loop
    return server.listen()
      .compose(s -> vertx.executeBlocking(() -> Addresses.advertised(advertise, host, s.actualPort()), false))
      .map(registered -> {
        transportServer.advertised = registered;
        return (TransportServer) transportServer;
      })
      .recover(err -> server.close().transform(v -> Future.failedFuture(err)));
  }

  @Override
  public String address() {
    return advertised;
  }

  @Override
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<Void> shutdown(Duration timeout) {
    draining = true;
    return server.shutdown(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Void> close() {
    draining = true;
    return server.close();
  }

  private void handleRequest(HttpServerRequest request) {
    Bodies.read(request, maxMessageSize).onComplete(ar -> {
      if (ar.succeeded()) {
        dispatch(request, ar.result());
      } else if (ar.cause() instanceof MicroException refused) {
        refuse(request, refused.code(), refused.detail());
      }
      // any other failure: the caller went away, there is nobody to answer
    });
  }

  private void dispatch(HttpServerRequest request, Buffer body) {
    handler.request(new HttpExchange(request, new Message(request.headers(), body), this));
  }

  /** A refusal below the RPC layer: its own status, go-micro's error JSON in header and body, connection closed. */
  private static void refuse(HttpServerRequest request, int status, String detail) {
    String error = new MicroException("go.micro.transport", detail, status).toJson();
    request.response()
      .setStatusCode(status)
      .putHeader(Headers.optimized(Headers.MICRO_ERROR), error)
      .putHeader(Headers.twin(Headers.MICRO_ERROR), error)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
      .end(error);
  }

  private void handleWebSocket(ServerWebSocket webSocket) {
    SocketAddress remote = webSocket.remoteAddress();
    String remoteAddress = remote == null ? "" : io.microvx.registry.Node.address(remote.hostAddress(), remote.port());
    handler.stream(new WebSocketStream(webSocket, new Message(webSocket.headers(), Buffer.buffer()), remoteAddress, maxMessageSize));
  }
}
