package io.microvx.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The second peer proxy: HAProxy in the foreground ({@code -db}), its config in a temp directory, listening
 * on 127.0.0.1 only, with one thread per core. Like nginx it sends {@code POST /greeter/say/hello} to
 * {@code POST /} on the greeter with go-micro's {@code Micro-Service} and {@code Micro-Endpoint} headers,
 * reusing its server-side connections.
 */
final class Haproxy {

  private Haproxy() {
  }

  /** Starts HAProxy in {@code directory} in front of the greeter, with {@code threads} threads. */
  static PeerProcess start(Path directory, String greeter, int threads) throws IOException, InterruptedException {
    return PeerProcess.start("haproxy", directory, List.of(), port -> {
      Path conf = directory.resolve("haproxy.cfg");
      Files.writeString(conf, config(greeter, threads, port));
      return new ProcessBuilder("haproxy", "-db", "-f", conf.toString());
    });
  }

  /** No log, no stats socket, no chroot or user switch: it runs as whoever runs the bench. */
  static String config(String greeter, int threads, int port) {
    return String.join("\n",
      "global",
      "  nbthread " + threads,
      "  maxconn 4096",
      "defaults",
      "  mode http",
      "  timeout connect 5s",
      "  timeout client 30s",
      "  timeout server 30s",
      "  option http-keep-alive",
      // every request may take an idle connection to the greeter, as nginx's keepalive pool does
      "  http-reuse always",
      "frontend edge",
      "  bind 127.0.0.1:" + port,
      "  use_backend greeter if { method POST } { path " + Routes.PATH + " }",
      "backend greeter",
      "  http-request set-path /",
      "  http-request set-header Micro-Service greeter",
      "  http-request set-header Micro-Endpoint Say.Hello",
      "  server greeter " + greeter,
      "");
  }

  /** {@code haproxy 2.6.12} as {@code haproxy -v} tells it, for the report's note. */
  static String version() {
    String out = PeerProcess.firstLine("haproxy", "-v");
    String prefix = "HAProxy version ";
    if (out == null || !out.startsWith(prefix)) {
      return "haproxy";
    }
    return "haproxy " + out.substring(prefix.length()).split("[\\s-]")[0];
  }
}
