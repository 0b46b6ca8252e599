package io.microvx.transport;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Deadlines of many things in flight (requests, calls) enforced by one periodic check instead of a timer
 * each: a timer armed and cancelled per request cost 3 to 4 % of the gateway's CPU in a JFR profile. The
 * check runs only while something is watched, so an idle process keeps no timer. An item whose deadline
 * passed is removed and handed to the expiry handler on the context that watched it, at most one period
 * late. Whether it passed is asked at every check, so a deadline may move while it is watched.
 */
public interface DeadlineSweep<T> {

  /**
   * @param period  how often to check while anything is watched
   * @param passed  whether an item's deadline has passed
   * @param expired called with each item whose deadline passed, on the context that watched it
   */
  static <T> DeadlineSweep<T> create(Vertx vertx, Duration period, Predicate<T> passed, Handler<T> expired) {
    return new PeriodicDeadlineSweep<>(vertx, period, passed, expired);
  }

  /** A period for deadlines of about this length: a twentieth of it, between 5 and 100 ms. */
  static Duration periodFor(Duration timeout) {
    return Duration.ofMillis(Math.max(5, Math.min(100, timeout.toMillis() / 20)));
  }

  /** Watches the item, from the caller's context, until {@link #unwatch} or its deadline. */
  void watch(T item);

  /** Stops watching the item (it ended in time); nothing if it was not watched. */
  void unwatch(T item);
}
