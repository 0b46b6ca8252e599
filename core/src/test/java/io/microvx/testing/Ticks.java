package io.microvx.testing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endless stream for stream handlers in tests: 0, 1, 2… on a Vert.x timer of the subscriber's context.
 * Mutiny's own ticks schedule on one shared executor whose queue lock an event loop can wait on when
 * many streams start at once, which BlockHound rightly reports.
 */
public final class Ticks {

  private Ticks() {
  }

  /** A tick every {@code period}; ticks that find no demand are dropped, so a slow reader never overflows. */
  public static Multi<Long> every(Duration period) {
    return Multi.createFrom().emitter(emitter -> {
      Context context = Vertx.currentContext();
      if (context == null) {
        emitter.fail(new IllegalStateException("ticks are subscribed to on a Vert.x context"));
        return;
      }
      AtomicLong next = new AtomicLong();
      long timer = context.owner().setPeriodic(period.toMillis(), id -> emitter.emit(next.getAndIncrement()));
      emitter.onTermination(() -> context.owner().cancelTimer(timer));
    }, BackPressureStrategy.DROP);
  }
}
