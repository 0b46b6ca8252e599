package io.microvx.client;

import java.time.Duration;

/** The pause before retry number {@code attempt} (1 for the first retry). */
@FunctionalInterface
public interface Backoff {

  Duration delay(CallRequest request, int attempt);

  /** go-micro's: 10^attempt milliseconds (10 ms, 100 ms, 1 s, …). */
  static Backoff exponential() {
    return (request, attempt) -> Duration.ofMillis((long) Math.pow(10, Math.min(attempt, 6)));
  }

  static Backoff none() {
    return (request, attempt) -> Duration.ZERO;
  }
}
