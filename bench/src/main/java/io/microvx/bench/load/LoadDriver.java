package io.microvx.bench.load;

import io.microvx.bench.Measurement;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop: {@code concurrency} callers, each making its next call as soon as the last one ends, for
 * a fixed time. Throughput counts the calls that ended inside the window; their latencies go in an
 * HdrHistogram (3 significant digits) for p50 and p99. When no call has ended by the window's end (a cold
 * system on a busy machine, in the smoke preset's half second), the window closes when the first one does,
 * so a run that works never reports zero.
 */
public final class LoadDriver {

  private LoadDriver() {
  }

  /** Runs the loop and waits for every caller to finish its last call (at most 30 s past the window). */
  public static Measurement run(Target target, int concurrency, Duration duration) {
    Run run = new Run(target, concurrency, duration.toNanos());
    run.start();
    try {
      return run.finished.get(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      Throwable failure = run.firstFailure.get();
      throw new IllegalStateException("load run did not finish: " + e
        + (failure == null ? "" : "; first call failure: " + failure), e);
    }
  }

  /** CPU time of the whole process so far, or -1 where the JVM does not tell. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static final class Run {
    final Target target;
    final int concurrency;
    final long durationNanos;
    final Histogram latencies = new ConcurrentHistogram(3);
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    final AtomicInteger running = new AtomicInteger();
    final CompletableFuture<Measurement> finished = new CompletableFuture<>();
    long startNanos;
    /** The window's end: start plus the duration, or later, when the first call ended (see the class). */
    final AtomicLong endNanos = new AtomicLong();
    long startCpu;

    Run(Target target, int concurrency, long durationNanos) {
      this.target = target;
      this.concurrency = concurrency;
      this.durationNanos = durationNanos;
    }

    void start() {
      running.set(concurrency);
      startCpu = processCpuNanos();
      startNanos = System.nanoTime();
      endNanos.set(startNanos + durationNanos);
      for (int i = 0; i < concurrency; i++) {
        target.callers().execute(this::next);
      }
    }

    /**
     * One caller's next call. Replies that arrive synchronously would recurse; the systems measured here
     * all answer over a socket, so the stack unwinds between calls.
     */
    void next() {
      long begin = System.nanoTime();
      if (begin - endNanos.get() >= 0) {
        if (running.decrementAndGet() == 0) {
          finish();
        }
        return;
      }
      try {
        target.call(failure -> ended(begin, failure));
      } catch (RuntimeException e) {
        ended(begin, e);
      }
    }

    void ended(long begin, Throwable failure) {
      long end = System.nanoTime();
      if (failure == null && completed.get() == 0) {
        endNanos.accumulateAndGet(end, (window, first) -> first - window > 0 ? first : window);
      }
      if (end - endNanos.get() <= 0) {
        if (failure == null) {
          completed.incrementAndGet();
          latencies.recordValue(Math.max(1, end - begin));
        } else {
          failures.incrementAndGet();
          firstFailure.compareAndSet(null, failure);
        }
      }
      if (failure == null) {
        next();
      } else {
        // a call that fails at once (refused, say) must not recurse until the window closes
        target.callers().execute(this::next);
      }
    }

    void finish() {
      double seconds = (endNanos.get() - startNanos) / 1e9;
      long count = completed.get();
      Double p50 = count == 0 ? null : latencies.getValueAtPercentile(50) / 1e6;
      Double p99 = count == 0 ? null : latencies.getValueAtPercentile(99) / 1e6;
      long cpu = processCpuNanos() - startCpu;
      Double cpuPerOp = count == 0 || startCpu < 0 ? null : cpu / 1e3 / count;
      finished.complete(new Measurement(count / seconds, p50, p99, count, failures.get(), cpuPerOp));
    }
  }
}
