package io.microvx.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The first peer proxy: nginx in the foreground ({@code daemon off}), with a config, pid file, logs and temp
 * paths of its own in a temp directory, listening on 127.0.0.1 only. It proxies
 * {@code POST /greeter/say/hello} to {@code POST /} on the greeter with go-micro's {@code Micro-Service}
 * and {@code Micro-Endpoint} headers, over keep-alive upstream connections: the same work as the gateway
 * with the route written by hand instead of resolved.
 */
final class Nginx {

  private Nginx() {
  }

  /** Starts nginx in {@code prefix} in front of the greeter, with {@code workers} worker processes. */
  static PeerProcess start(Path prefix, String greeter, int workers) throws IOException, InterruptedException {
    return PeerProcess.start("nginx", prefix, List.of("error.log"), port -> {
      Path conf = prefix.resolve("nginx.conf");
      Files.writeString(conf, config(prefix, greeter, workers, port));
      return new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", conf.toString());
    });
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

  /** {@code nginx 1.22.1} as {@code nginx -v} tells it, for the report's note. */
  static String version() {
    String out = PeerProcess.firstLine("nginx", "-v");
    int slash = out == null ? -1 : out.indexOf("nginx/");
    return slash < 0 ? "nginx" : "nginx " + out.substring(slash + "nginx/".length()).split("\\s")[0];
  }
}
