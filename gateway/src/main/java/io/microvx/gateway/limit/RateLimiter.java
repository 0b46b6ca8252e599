package io.microvx.gateway.limit;

/**
 * A local rate limit keyed by client or route: token buckets refilled continuously at a rate, holding
 * at most a burst. Thread-safe, so gateway instances on several event loops can share one.
 */
public interface RateLimiter {

  /**
   * Takes a token for the key.
   *
   * @return 0 when the request may pass, else the whole seconds after which a token will be there (≥ 1)
   */
  long acquire(String key);

  /**
   * Token buckets.
   *
   * @param perSecond tokens added per second
   * @param burst     the bucket's size; 0 means the rate rounded up (at least 1)
   * @param maxKeys   buckets kept at most; past it, new keys share one overflow bucket until idle
   *                  buckets are swept (at most once a second), so hostile keys cannot grow memory
   * @param nanos     the clock ({@code System::nanoTime})
   */
  static RateLimiter tokenBuckets(double perSecond, int burst, int maxKeys, java.util.function.LongSupplier nanos) {
    return new TokenBuckets(perSecond, burst, maxKeys, nanos);
  }
}
