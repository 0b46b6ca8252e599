package io.microvx.transport;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/** The sweep as a periodic timer over a concurrent map of the watched items and their contexts. */
final class PeriodicDeadlineSweep<T> implements DeadlineSweep<T> {

  private final Vertx vertx;
  private final long periodMs;
  private final Predicate<T> passed;
  private final Handler<T> expired;
  private final Map<T, Context> watched = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();

  PeriodicDeadlineSweep(Vertx vertx, Duration period, Predicate<T> passed, Handler<T> expired) {
    this.vertx = vertx;
    this.periodMs = Math.max(1, period.toMillis());
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
    if (running.compareAndSet(false, true)) {
      vertx.setPeriodic(periodMs, this::sweep);
    }
  }

  private void sweep(long timer) {
    if (watched.isEmpty()) {
      vertx.cancelTimer(timer);
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
