package io.microvx.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.microvx.server.HandlerFunction;
import io.microvx.server.HandlerWrapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Times every handler call of one service by endpoint and status ({@code micro_server_requests_seconds}). */
final class ServerMeters implements HandlerWrapper {

  static final String REQUESTS = "micro.server.requests";

  private final MeterRegistry registry;
  private final String service;
  private final SeriesLimit limit;
  private final ConcurrentHashMap<String, LatencyMeters> endpoints = new ConcurrentHashMap<>();

  ServerMeters(MeterRegistry registry, String service, SeriesLimit limit) {
    this.registry = registry;
    this.service = service;
    this.limit = limit;
  }

  @Override
  public HandlerFunction wrap(HandlerFunction next) {
    return request -> {
      String endpoint = request.endpoint();
      if (endpoint.startsWith("Debug.")) {
        // the dashboard and the CLI poll these: they are not the service's traffic
        return next.handle(request);
      }
      LatencyMeters meters = limit.get(endpoints, endpoint, this::create, LatencyMeters.INERT);
      long start = System.nanoTime();
      return next.handle(request)
        .andThen(ar -> meters.record(LatencyMeters.status(ar.cause()), System.nanoTime() - start));
    };
  }

  private LatencyMeters create(String endpoint) {
    return new LatencyMeters(registry, REQUESTS, "Calls served, by endpoint and status", service, endpoint);
  }

  /** Per endpoint served: requests, errors, seconds and buckets. */
  Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    new TreeMap<>(endpoints).forEach((endpoint, meters) -> summary.put(endpoint, meters.summary("requests")));
    return summary;
  }
}
