package io.microvx.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.microvx.client.CallWrapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times whole client calls by the service and endpoint called and their status
 * ({@code micro_client_calls_seconds}), and counts each attempt, first or retry
 * ({@code micro_client_attempts_total}).
 */
final class ClientMeters {

  static final String CALLS = "micro.client.calls";
  static final String ATTEMPTS = "micro.client.attempts";

  private record Target(String service, String endpoint) {
  }

  /** One endpoint called: its call timers and its attempt counters by status and kind. */
  private final class Called {
    final LatencyMeters calls;
    final Target target;
    final ConcurrentHashMap<Integer, Counter> attempts = new ConcurrentHashMap<>();

    Called(Target target) {
      this.target = target;
      this.calls = new LatencyMeters(registry, CALLS, "Calls made, retries included, by service, endpoint and status",
        target.service(), target.endpoint());
    }

    void attempted(int status, boolean retry) {
      attempts.computeIfAbsent(status * 2 + (retry ? 1 : 0), key -> Counter.builder(ATTEMPTS)
        .description("Attempts of calls, by service, endpoint, status and whether it was a retry")
        .tags("service", target.service(), "endpoint", target.endpoint(), "status", Integer.toString(status),
          "attempt", retry ? "retry" : "first")
        .register(registry)).increment();
    }
  }

  private final MeterRegistry registry;
  private final SeriesLimit limit;
  private final ConcurrentHashMap<Target, Called> called = new ConcurrentHashMap<>();

  ClientMeters(MeterRegistry registry, SeriesLimit limit) {
    this.registry = registry;
    this.limit = limit;
  }

  private Called of(String service, String endpoint) {
    return limit.get(called, new Target(service, endpoint), Called::new, null);
  }

  CallWrapper calls() {
    return next -> request -> {
      Called meters = of(request.service(), request.endpoint());
      if (meters == null) {
        return next.call(request);
      }
      long start = System.nanoTime();
      return next.call(request)
        .andThen(ar -> meters.calls.record(LatencyMeters.status(ar.cause()), System.nanoTime() - start));
    };
  }

  CallWrapper attempts() {
    return next -> request -> {
      Called meters = of(request.service(), request.endpoint());
      if (meters == null) {
        return next.call(request);
      }
      boolean retry = request.attempt() > 1;
      return next.call(request).andThen(ar -> meters.attempted(LatencyMeters.status(ar.cause()), retry));
    };
  }

  /** Per service called, per endpoint: calls, errors, seconds and buckets. */
  Map<String, Object> summary() {
    Map<String, Map<String, Object>> byService = new TreeMap<>();
    called.forEach((target, meters) -> byService.computeIfAbsent(target.service(), s -> new TreeMap<>())
      .put(target.endpoint(), meters.calls.summary("calls")));
    return new LinkedHashMap<>(byService);
  }
}
