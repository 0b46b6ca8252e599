package io.microvx.registry.consul.fake;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fake agent's clock, which TTLs and {@code DeregisterCriticalServiceAfter} are measured on. The
 * system clock for tests that let TTLs lapse in real time; a {@link #manual()} one for tests that move
 * time themselves ({@link FakeConsul#advance}), so a one-minute reap needs no waiting and no window.
 */
public interface FakeClock {

  /** Monotonic nanoseconds. */
  long nanos();

  static FakeClock system() {
    return System::nanoTime;
  }

  static Manual manual() {
    return new Manual();
  }

  /** Moves only when told to. */
  final class Manual implements FakeClock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanos() {
      return now.get();
    }

    void advance(Duration by) {
      now.addAndGet(by.toNanos());
    }
  }
}
