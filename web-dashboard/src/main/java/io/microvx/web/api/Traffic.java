package io.microvx.web.api;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What happened between two samples of one node, or of several nodes added up: requests per second,
 * errors, the latency buckets they fell in, and per service called and per topic the same as rates.
 * Counters that went down (a node whose counters restarted) count as zero, never negative.
 */
final class Traffic {

  private double requestsPerSecond;
  private double errorsPerSecond;
  private long requests;
  private boolean metered;
  private final NavigableMap<Double, Long> buckets = new TreeMap<>();
  /** Per service called: calls and errors per second. */
  final Map<String, double[]> calls = new HashMap<>();
  /** Per topic: published and delivered per second. */
  final Map<String, double[]> topics = new HashMap<>();

  /** Nothing yet; {@link #add} sums into it. */
  Traffic() {
  }

  static Traffic between(NodeSample before, NodeSample after) {
    Traffic traffic = new Traffic();
    double seconds = Math.max(after.at() - before.at(), 1) / 1000.0;
    traffic.requests = delta(after.requests(), before.requests());
    traffic.requestsPerSecond = traffic.requests / seconds;
    traffic.errorsPerSecond = delta(after.errors(), before.errors()) / seconds;
    traffic.metered = after.metered();
    after.buckets().forEach((bound, count) ->
      traffic.buckets.put(bound, delta(count, before.buckets().getOrDefault(bound, 0L))));
    after.calls().forEach((service, counts) -> {
      long[] was = before.calls().getOrDefault(service, new long[2]);
      traffic.calls.put(service, new double[] {delta(counts[0], was[0]) / seconds, delta(counts[1], was[1]) / seconds});
    });
    after.topics().forEach((topic, counts) -> {
      long[] was = before.topics().getOrDefault(topic, new long[2]);
      traffic.topics.put(topic, new double[] {delta(counts[0], was[0]) / seconds, delta(counts[1], was[1]) / seconds});
    });
    return traffic;
  }

  private static long delta(long now, long before) {
    return Math.max(0, now - before);
  }

  /** Adds another node's traffic over the same interval. */
  void add(Traffic other) {
    requestsPerSecond += other.requestsPerSecond;
    errorsPerSecond += other.errorsPerSecond;
    requests += other.requests;
    metered |= other.metered;
    other.buckets.forEach((bound, count) -> buckets.merge(bound, count, Long::sum));
    other.calls.forEach((service, rates) -> sum(calls, service, rates));
    other.topics.forEach((topic, rates) -> sum(topics, topic, rates));
  }

  static void sum(Map<String, double[]> into, String key, double[] rates) {
    double[] total = into.computeIfAbsent(key, k -> new double[2]);
    total[0] += rates[0];
    total[1] += rates[1];
  }

  /**
   * One point of a series: {@code t} (epoch ms), {@code up}, and when traffic is known {@code rps},
   * {@code errorRate} (errors over requests, when there were requests) and {@code p50}/{@code p99} in
   * milliseconds (estimated from the buckets, as Prometheus' histogram_quantile does; when metered).
   */
  JsonObject point(long t, boolean up) {
    JsonObject point = new JsonObject().put("t", t).put("up", up).put("rps", round(requestsPerSecond));
    if (requestsPerSecond > 0) {
      point.put("errorRate", round(Math.min(1, errorsPerSecond / requestsPerSecond)));
    }
    if (metered && requests > 0) {
      point.put("p50", round(quantile(0.5) * 1000)).put("p99", round(quantile(0.99) * 1000));
    }
    return point;
  }

  /** The latency below which a share q of the requests fell, in seconds, interpolated within its bucket. */
  double quantile(double q) {
    double rank = q * requests;
    double lower = 0;
    long below = 0;
    for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
      long cumulative = bucket.getValue();
      if (cumulative >= rank && cumulative > below) {
        return lower + (bucket.getKey() - lower) * (rank - below) / (cumulative - below);
      }
      lower = bucket.getKey();
      below = Math.max(below, cumulative);
    }
    // beyond the last bucket: the most that can be said is "at least its bound"
    return lower;
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
