package io.microvx.web.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down guessing: a client (by address) that failed to sign in {@value #FREE_FAILURES} times in a
 * row must wait before trying again, 1 s after the fifth failure and twice as long after each further
 * one, at most 5 minutes. Signing in clears its record.
 */
final class SignInThrottle {

  static final int FREE_FAILURES = 5;
  static final long FIRST_DELAY_MS = 1000;
  static final long MAX_DELAY_MS = 5 * 60 * 1000;
  private static final int MAX_CLIENTS = 10_000;

  private record State(int failures, long blockedUntil) {
  }

  private final LongSupplier millis;
  private final Map<String, State> clients = new ConcurrentHashMap<>();

  SignInThrottle(LongSupplier millis) {
    this.millis = millis;
  }

  /** How long the client must still wait, in milliseconds; 0 when it may try. */
  long waitMillis(String client) {
    State state = clients.get(client);
    return state == null ? 0 : Math.max(0, state.blockedUntil - millis.getAsLong());
  }

  void failed(String client) {
    long now = millis.getAsLong();
    if (clients.size() >= MAX_CLIENTS && !clients.containsKey(client)) {
      // many addresses at once: drop those no longer held back rather than grow without bound
      clients.values().removeIf(s -> s.blockedUntil <= now);
    }
    clients.compute(client, (k, state) -> {
      int failures = state == null ? 1 : state.failures + 1;
      long blockedUntil = 0;
      if (failures >= FREE_FAILURES) {
        int doublings = Math.min(failures - FREE_FAILURES, 20);
        blockedUntil = now + Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << doublings);
      }
      return new State(failures, blockedUntil);
    });
  }

  void succeeded(String client) {
    clients.remove(client);
  }
}
