package io.microvx.gateway.metrics;

import io.microvx.metrics.Metrics;
import io.microvx.metrics.MetricsOptions;

/**
 * Per-route request counts and latency, exposed in Prometheus' text format on {@code /metrics}.
 * Thread-safe: gateway instances on several event loops share one. Labels are bounded by the caller
 * (routes are registered endpoints, methods the standard ones), so hostile paths cannot grow them.
 */
public interface GatewayMetrics {

  /** Records one request: its route label, HTTP method, status and time taken. */
  void record(String route, String method, int status, long nanos);

  /** The Prometheus exposition text: the gateway's requests, the calls its client made, the JVM's meters. */
  String scrape();

  /** The service metrics the gateway's requests are kept in, and its client's calls measured by. */
  Metrics service();

  /** Metrics kept in a Micrometer Prometheus registry of their own. */
  static GatewayMetrics prometheus() {
    return new PrometheusMetrics(Metrics.prometheus(new MetricsOptions()));
  }
}
