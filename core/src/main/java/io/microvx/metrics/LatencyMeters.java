package io.microvx.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.microvx.errors.MicroException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one endpoint (served, or called on one service): one per status, created on first use,
 * the success timer kept in a field so the common case looks nothing up.
 */
final class LatencyMeters {

  static final int OK = 200;
  static final int CANCELLED = 499;
  /** Latency buckets, as Prometheus' histograms usually have them (seconds: 1 ms to 10 s). */
  static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10)};

  /** Records nothing: what an endpoint past the series limit gets. */
  static final LatencyMeters INERT = new LatencyMeters(null, null, null, null, null);

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final String service;
  private final String endpoint;
  private volatile Timer ok;
  private final ConcurrentHashMap<Integer, Timer> failed = new ConcurrentHashMap<>();

  LatencyMeters(MeterRegistry registry, String name, String description, String service, String endpoint) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.service = service;
    this.endpoint = endpoint;
  }

  void record(int status, long nanos) {
    if (registry == null) {
      return;
    }
    timer(status).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(int status) {
    if (status == OK) {
      Timer timer = ok;
      if (timer == null) {
        timer = ok = create(OK);
      }
      return timer;
    }
    return failed.computeIfAbsent(status, this::create);
  }

  private Timer create(int status) {
    return Timer.builder(name)
      .description(description)
      .tags("service", service, "endpoint", endpoint, "status", Integer.toString(status))
      .serviceLevelObjectives(BUCKETS)
      .register(registry);
  }

  /** requests, errors (status 400 and up), seconds spent, and the cumulative count at each bucket. */
  Map<String, Object> summary(String countName) {
    long count = 0;
    long errors = 0;
    double seconds = 0;
    TreeMap<Double, Double> buckets = new TreeMap<>();
    Timer success = ok;
    Map<Integer, Timer> all = new TreeMap<>(failed);
    if (success != null) {
      all.put(OK, success);
    }
    for (Map.Entry<Integer, Timer> entry : all.entrySet()) {
      Timer timer = entry.getValue();
      long n = timer.count();
      count += n;
      errors += entry.getKey() >= 400 ? n : 0;
      seconds += timer.totalTime(TimeUnit.SECONDS);
      for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
        buckets.merge(bucket.bucket(TimeUnit.SECONDS), bucket.count(), Double::sum);
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put(countName, count);
    summary.put("errors", errors);
    summary.put("seconds", seconds);
    Map<String, Long> cumulative = new LinkedHashMap<>();
    buckets.forEach((le, n) -> cumulative.put(Double.toString(le), n.longValue()));
    summary.put("buckets", cumulative);
    return summary;
  }

  /**
   * The status a call ended with: 200, the go-micro error's code, 499 for work cancelled because its caller
   * went away (as the server answers it), and 500 for anything else.
   */
  static int status(Throwable failure) {
    if (failure == null) {
      return OK;
    }
    if (failure instanceof java.util.concurrent.CancellationException) {
      return CANCELLED;
    }
    int code = failure instanceof MicroException e ? e.code() : 500;
    // codes come from services: keep the label to HTTP's range so a stray code cannot grow it
    return code >= 100 && code <= 599 ? code : 500;
  }
}
