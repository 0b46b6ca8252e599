package io.microvx.gateway.metrics;

import io.micrometer.core.instrument.Timer;
import io.microvx.metrics.Metrics;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link GatewayMetrics} on Micrometer: one timer {@code micro_api_requests_seconds} tagged with route,
 * method and status, with a few latency buckets, in the registry of the gateway's service metrics. Timers
 * are looked up once per tag set and kept.
 */
final class PrometheusMetrics implements GatewayMetrics {

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    "CONNECT", "TRACE");
  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

  private final Metrics service;
  private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

  PrometheusMetrics(Metrics service) {
    this.service = service;
  }

  private record Key(String route, String method, int status) {
  }

  @Override
  public void record(String route, String method, int status, long nanos) {
    String m = METHODS.contains(method) ? method : "OTHER";
    Timer timer = timers.computeIfAbsent(new Key(route, m, status), key -> Timer.builder("micro.api.requests")
      .description("Requests served by the API gateway, by route, method and status")
      .tag("route", key.route())
      .tag("method", key.method())
      .tag("status", Integer.toString(key.status()))
      .serviceLevelObjectives(BUCKETS)
      .register(service.registry()));
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public String scrape() {
    return service.scrape();
  }

  @Override
  public Metrics service() {
    return service;
  }
}
