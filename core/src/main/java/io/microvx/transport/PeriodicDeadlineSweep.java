package io.microvx.transport;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The sweep as a periodic timer over a concurrent map of the watched items and their contexts. The timer
 * belongs to the context that started it, and Vert.x cancels a verticle's timers when it is undeployed: a
 * sweep shared by verticles (a transport) whose timer has not run for ten periods starts another.
 */
final class PeriodicDeadlineSweep<T> implements DeadlineSweep<T> {

  private final Vertx vertx;
  private final long periodMs;
  private final long stalledNanos;
  private volatile long lastRun;
  /** The timer now sweeping: one replaced as stalled cancels itself if it runs again after all. */
  private volatile long timer = -1;
  private final Predicate<T> passed;
  private final Handler<T> expired;
  private final Map<T, Context> watched = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();

  PeriodicDeadlineSweep(Vertx vertx, Duration period, Predicate<T> passed, Handler<T> expired) {
    this.vertx = vertx;
    this.periodMs = Math.max(1, period.toMillis());
    this.stalledNanos = periodMs * 10 * 1_000_000;
    this.passed = passed;
    this.expired = expired;
  }

  @Override
  public void watch(T item) {
    watched.put(item, vertx.getOrCreateContext());
    startIfStopped();
  }

  @Override
  public void unwatch(T item) {
    watched.remove(item);
  }

  private void startIfStopped() {
    if (running.get() && System.nanoTime() - lastRun > stalledNanos) {
      running.set(false); // its timer went with the verticle that started it
    }
    if (running.compareAndSet(false, true)) {
      lastRun = System.nanoTime();
      timer = vertx.setPeriodic(periodMs, this::sweep);
    }
  }

  private void sweep(long id) {
    if (id != timer) {
      vertx.cancelTimer(id);
      return;
    }
    lastRun = System.nanoTime();
    if (watched.isEmpty()) {
      vertx.cancelTimer(id);
      running.set(false);
      if (!watched.isEmpty()) {
        startIfStopped(); // watched between the check and the stop
      }
      return;
    }
    Context current = Vertx.currentContext();
    watched.forEach((item, context) -> {
      if (passed.test(item) && watched.remove(item, context)) {
        if (context == current) {
          expired.handle(item);
        } else {
          context.runOnContext(v -> expired.handle(item));
        }
      }
    });
  }
}
