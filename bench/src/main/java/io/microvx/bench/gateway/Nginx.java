package io.microvx.bench.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The peer proxy: nginx in the foreground ({@code daemon off}) as a child of the runner, with a config,
 * pid file, logs and temp paths of its own in a temp directory, listening on 127.0.0.1 only. It proxies
 * {@code POST /greeter/say/hello} to {@code POST /} on the greeter with go-micro's {@code Micro-Service}
 * and {@code Micro-Endpoint} headers, over keep-alive upstream connections: the same work as the gateway
 * with the route written by hand instead of resolved.
 */
final class Nginx implements AutoCloseable {

  private final Process process;
  private final Path prefix;
  private final int port;
  private final Thread reaper;

  private Nginx(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
    // should the runner exit before close (a test JVM, say), nginx must not outlive it
    this.reaper = new Thread(this::stop, "bench-nginx-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts nginx in {@code prefix} in front of the greeter, with {@code workers} worker processes, and waits
   * until it accepts connections. nginx cannot listen on port 0 and tell, so a port the system just gave
   * out is used; should another process take it in between, the next try takes another.
   */
  static Nginx start(Path prefix, String greeter, int workers) throws IOException, InterruptedException {
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freePort();
      Path conf = prefix.resolve("nginx.conf");
      Files.writeString(conf, config(prefix, greeter, workers, port));
      Path log = prefix.resolve("nginx.stderr");
      Process process = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Nginx nginx = new Nginx(process, prefix, port);
      try {
        nginx.awaitListening();
        return nginx;
      } catch (IllegalStateException e) {
        nginx.close();
        failure = e;
      }
    }
    throw failure;
  }

  /** The config: every path nginx would write to is under the prefix, so it runs as any user. */
  static String config(Path prefix, String greeter, int workers, int port) {
    String p = prefix.toAbsolutePath().toString();
    return String.join("\n",
      "daemon off;",
      "master_process on;",
      "worker_processes " + workers + ";",
      "pid " + p + "/nginx.pid;",
      "error_log " + p + "/error.log warn;",
      "events { worker_connections 1024; }",
      "http {",
      // no per-request log line: the gateway logs none either
      "  access_log off;",
      "  client_body_temp_path " + p + "/client_body;",
      "  proxy_temp_path " + p + "/proxy;",
      "  fastcgi_temp_path " + p + "/fastcgi;",
      "  uwsgi_temp_path " + p + "/uwsgi;",
      "  scgi_temp_path " + p + "/scgi;",
      // nginx closes a keep-alive connection after 1000 requests by default (both sides): the gateway
      // and the direct path keep theirs, so wrk's and the upstream's connections stay open here too
      "  keepalive_requests 10000000;",
      "  upstream greeter {",
      "    server " + greeter + ";",
      "    keepalive 64;",
      "    keepalive_requests 10000000;",
      "  }",
      "  server {",
      "    listen 127.0.0.1:" + port + ";",
      "    location = /greeter/say/hello {",
      // the URI part replaces the matched path: POST / on the greeter, as go-micro's http transport sends
      "      proxy_pass http://greeter/;",
      "      proxy_http_version 1.1;",
      "      proxy_set_header Connection \"\";",
      "      proxy_set_header Micro-Service greeter;",
      "      proxy_set_header Micro-Endpoint Say.Hello;",
      "    }",
      "  }",
      "}",
      "");
  }

  int port() {
    return port;
  }

  /** {@code nginx 1.22.1} as {@code nginx -v} tells it, for the report's note. */
  static String version() {
    try {
      Process v = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
      String out = new String(v.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      v.waitFor(5, TimeUnit.SECONDS);
      int slash = out.indexOf("nginx/");
      return slash < 0 ? "nginx" : "nginx " + out.substring(slash + "nginx/".length()).split("\\s")[0];
    } catch (IOException e) {
      return "nginx";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "nginx";
    }
  }

  /** The master and its workers, to read their CPU time. */
  List<ProcessHandle> processes() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
      .toList();
  }

  private void awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + logs());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("nginx not listening on 127.0.0.1:" + port + " after 10 s: " + logs());
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("nginx.stderr", "error.log")) {
      try {
        Path file = prefix.resolve(name);
        if (Files.exists(file)) {
          text.append(Files.readString(file).strip()).append(' ');
        }
      } catch (IOException ignored) {
        // the message goes without it
      }
    }
    return text.toString().trim();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  /** Stops nginx (SIGTERM: a fast shutdown of master and workers; SIGKILL to all after 10 s). */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    stop();
  }

  private void stop() {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // the master stops its workers; had it to be killed, they must not outlive it
    workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "nginx on 127.0.0.1:%d", port);
  }
}
