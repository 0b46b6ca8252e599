package io.microvx.bench.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a peer proxy forwards to, in place of the greeter: on 127.0.0.1, it notes each request as
 * {@code METHOD PATH Micro-Service Micro-Endpoint} and answers {@link #REPLY}.
 */
final class StandInGreeter implements AutoCloseable {

  static final String REPLY = "{\"msg\":\"hi\"}";

  final List<String> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  StandInGreeter() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
        + exchange.getRequestHeaders().getFirst("Micro-Service") + " " + exchange.getRequestHeaders().getFirst("Micro-Endpoint"));
      byte[] reply = REPLY.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
