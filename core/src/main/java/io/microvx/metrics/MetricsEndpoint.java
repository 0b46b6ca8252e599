package io.microvx.metrics;

import io.microvx.security.HostGuard;
import io.microvx.security.ListenAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Serves {@code GET /metrics} in Prometheus' text format on a listener of its own. On loopback without a
 * token it answers requests addressed to this machine only; with a token (required beyond loopback) every
 * request must carry {@code Authorization: Bearer <token>}. Scrapes run on a worker thread: reading the JVM's
 * and the process's meters touches files.
 */
final class MetricsEndpoint {

  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final Vertx vertx;
  private final Metrics metrics;
  private final MetricsOptions options;
  private final byte[] expected;

  private MetricsEndpoint(Vertx vertx, Metrics metrics, MetricsOptions options) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.options = options;
    this.expected = options.getToken() == null ? null
      : ("Bearer " + options.getToken()).getBytes(StandardCharsets.UTF_8);
  }

  static Future<HttpServer> start(Vertx vertx, Metrics metrics, MetricsOptions options) {
    MetricsOptions copy = new MetricsOptions(options);
    if (copy.getAddress() == null) {
      return Future.failedFuture(new IllegalArgumentException("metrics_address is not set"));
    }
    ListenAddress listen = copy.listen();
    if (!listen.isLoopback() && copy.getToken() == null) {
      return Future.failedFuture(new IllegalArgumentException("metrics_address " + copy.getAddress()
        + " is reachable beyond this machine: set metrics_token (MICRO_METRICS_TOKEN) so only holders of it can"
        + " read the metrics, or listen on 127.0.0.1"));
    }
    MetricsEndpoint endpoint = new MetricsEndpoint(vertx, metrics, copy);
    return vertx.createHttpServer(new HttpServerOptions().setHost(listen.host()).setPort(listen.port()))
      .requestHandler(endpoint::handle)
      .listen();
  }

  private void handle(HttpServerRequest request) {
    if (expected == null) {
      HostGuard.Refusal refusal = HostGuard.check(request, true, false);
      if (refusal != null) {
        end(request, refusal.status(), refusal.detail());
        return;
      }
    } else {
      String given = request.getHeader(HttpHeaders.AUTHORIZATION);
      if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        request.response().putHeader("WWW-Authenticate", "Bearer");
        end(request, 401, "a bearer token is required");
        return;
      }
    }
    if (!"/metrics".equals(request.path())) {
      end(request, 404, "only /metrics is served here");
      return;
    }
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      end(request, 405, "only GET and HEAD are served here");
      return;
    }
    vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("reading the metrics failed", ar.cause());
        end(request, 500, "the metrics could not be read");
        return;
      }
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, Metrics.CONTENT_TYPE).end(ar.result());
    });
  }

  private static void end(HttpServerRequest request, int status, String detail) {
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
      .end(detail + "\n");
  }
}
