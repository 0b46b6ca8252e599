package io.microvx.client;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recent latencies per service and endpoint, for the hedge delay: a ring of the last {@code samples}
 * latencies each, for at most {@code maxKeys} endpoints (calls to others are not tracked, so callers of
 * made-up names cannot grow memory).
 */
final class LatencyTracker {

  private final int maxKeys;
  private final int samples;
  private final ConcurrentHashMap<String, Ring> rings = new ConcurrentHashMap<>();

  LatencyTracker(int maxKeys, int samples) {
    this.maxKeys = maxKeys;
    this.samples = samples;
  }

  void record(String service, String endpoint, long nanos) {
    String key = service + '/' + endpoint;
    Ring ring = rings.get(key);
    if (ring == null) {
      if (rings.size() >= maxKeys) {
        return;
      }
      ring = rings.computeIfAbsent(key, k -> new Ring(samples));
    }
    ring.add(Math.max(0, nanos));
  }

  /** The percentile of the endpoint's recent latencies, or -1 with fewer than {@code minSamples} of them. */
  long percentile(String service, String endpoint, int percentile, int minSamples) {
    Ring ring = rings.get(service + '/' + endpoint);
    return ring == null ? -1 : ring.percentile(percentile, minSamples);
  }

  int size() {
    return rings.size();
  }

  private static final class Ring {
    private final long[] values;
    private int next;
    private int count;

    Ring(int size) {
      this.values = new long[size];
    }

    synchronized void add(long value) {
      values[next] = value;
      next = (next + 1) % values.length;
      count = Math.min(count + 1, values.length);
    }

    synchronized long percentile(int percentile, int minSamples) {
      if (count < Math.max(1, minSamples)) {
        return -1;
      }
      long[] sorted = Arrays.copyOf(values, count);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(percentile / 100.0 * count) - 1;
      return sorted[Math.max(0, Math.min(count - 1, rank))];
    }
  }
}
