package io.microvx.transport;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;

import java.util.Map;

/** One unary request on the {@code http} transport. */
final class HttpExchange implements ServerExchange {

  private final HttpServerRequest request;
  private final Message message;
  private final HttpTransportServer server;

  HttpExchange(HttpServerRequest request, Message message, HttpTransportServer server) {
    this.request = request;
    this.message = message;
    this.server = server;
  }

  @Override
  public Message request() {
    return message;
  }

  @Override
  public String remoteAddress() {
    SocketAddress remote = request.remoteAddress();
    return remote == null ? "" : io.microvx.registry.Node.address(remote.hostAddress(), remote.port());
  }

  @Override
  public void reply(Message reply) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    MultiMap headers = response.headers();
    for (Map.Entry<String, String> header : reply.headers()) {
      String name = header.getKey();
      String value = header.getValue();
      headers.add(Headers.optimized(name), value);
      // go-micro servers always write both spellings, and older clients read only X-Micro-*
      if (name.regionMatches(true, 0, "Micro-", 0, 6)) {
        headers.add(Headers.twin(name), value);
      }
    }
    if (server.draining) {
      // tell the client not to reuse this connection: the server is going away
      headers.set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    response.end(reply.body());
  }

  @Override
  public void cancelHandler(Handler<Void> handler) {
    request.response().closeHandler(handler);
  }
}
