package io.microvx.gateway.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** {@link RateLimiter#tokenBuckets}. */
final class TokenBuckets implements RateLimiter {

  private static final String OVERFLOW = "\u0000overflow";
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final double perNano;
  private final double capacity;
  private final int maxKeys;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final LongSupplier nanos;
  private volatile long lastSweep;

  TokenBuckets(double perSecond, int burst, int maxKeys, LongSupplier nanos) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
    this.perNano = perSecond / 1e9;
    this.capacity = burst > 0 ? burst : Math.max(1, Math.ceil(perSecond));
    this.maxKeys = maxKeys;
    this.nanos = nanos;
    this.lastSweep = nanos.getAsLong();
  }

  @Override
  public long acquire(String key) {
    long now = nanos.getAsLong();
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      if (buckets.size() >= maxKeys) {
        sweep(now);
      }
      String chosen = buckets.size() >= maxKeys ? OVERFLOW : key;
      bucket = buckets.computeIfAbsent(chosen, k -> new Bucket(capacity, now));
    }
    return bucket.take(now, perNano, capacity);
  }

  /** Drops buckets that refilled completely: forgetting them changes nothing. */
  private void sweep(long now) {
    long last = lastSweep;
    if (now - last < SWEEP_INTERVAL_NANOS) {
      return;
    }
    lastSweep = now;
    buckets.entrySet().removeIf(e -> e.getValue().isFull(now, perNano, capacity));
  }

  int size() {
    return buckets.size();
  }

  private static final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    synchronized long take(long now, double perNano, double capacity) {
      refill(now, perNano, capacity);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double wait = (1 - tokens) / perNano / 1e9;
      return Math.max(1, (long) Math.ceil(wait));
    }

    synchronized boolean isFull(long now, double perNano, double capacity) {
      refill(now, perNano, capacity);
      return tokens >= capacity;
    }

    private void refill(long now, double perNano, double capacity) {
      long elapsed = now - updated;
      if (elapsed > 0) {
        tokens = Math.min(capacity, tokens + elapsed * perNano);
        updated = now;
      }
    }
  }
}
