package io.microvx.testing.faults;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A load driver: calls {@code Work.Call} of {@link FaultNode#SERVICE} at a steady rate (a few calls every
 * 10 ms, at most {@code maxInFlight} unanswered) until stopped, and counts every call's outcome (by error
 * code), its latency and the node that answered. A steady rate, not a closed loop, so a fault shows as
 * failures or latency rather than as fewer calls. Everything it counts is touched on its own context only.
 */
public final class Load {

  private static final long TICK_MS = 10;

  private final Client client;
  private final CallOptions options;
  private final int maxInFlight;
  private final Context context;
  private final Promise<Void> drained = Promise.promise();
  private final Map<Integer, Long> failures = new TreeMap<>();
  private final Map<String, Long> byNode = new TreeMap<>();
  private long[] latencies = new long[1 << 16];
  private long calls;
  private long ok;
  private long next;
  private int inFlight;
  private long skipped;
  private boolean stopping;
  private long timer;

  private Load(Vertx vertx, Client client, int maxInFlight, CallOptions options) {
    this.client = client;
    this.options = options;
    this.maxInFlight = maxInFlight;
    this.context = vertx.getOrCreateContext();
  }

  /** Starts {@code perSecond} calls a second (rounded to whole calls per 10 ms) on a context of {@code vertx}. */
  public static Load start(Vertx vertx, Client client, int perSecond, int maxInFlight, CallOptions options) {
    Load load = new Load(vertx, client, maxInFlight, options);
    long perTick = Math.max(1, perSecond * TICK_MS / 1000);
    load.context.runOnContext(v -> load.timer = vertx.setPeriodic(TICK_MS, t -> {
      for (int i = 0; i < perTick; i++) {
        if (load.inFlight < load.maxInFlight) {
          load.call();
        } else {
          load.skipped++;
        }
      }
    }));
    return load;
  }

  private void call() {
    inFlight++;
    long start = System.nanoTime();
    client.call(FaultNode.SERVICE, "Work.Call", new FaultNode.Request(next++), FaultNode.Reply.class, options)
      .onComplete(ar -> {
        inFlight--;
        long latency = System.nanoTime() - start;
        if (calls == latencies.length) {
          latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[(int) calls++] = latency;
        if (ar.succeeded()) {
          ok++;
          byNode.merge(ar.result().node(), 1L, Long::sum);
        } else {
          int code = ar.cause() instanceof MicroException e ? e.code() : -1;
          failures.merge(code, 1L, Long::sum);
        }
        if (stopping && inFlight == 0) {
          drained.tryComplete();
        }
      });
  }

  /** Calls finished so far (answered or failed). */
  public long calls() {
    return Await.result(onContext(() -> calls));
  }

  /** Calls failed so far. */
  public long failures() {
    return Await.result(onContext(() -> calls - ok));
  }

  private <T> io.vertx.core.Future<T> onContext(java.util.concurrent.Callable<T> read) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        promise.complete(read.call());
      } catch (Exception e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** Waits until {@code more} further calls have finished. */
  public void awaitCalls(long more) {
    long target = calls() + more;
    Await.until(more + " more calls", () -> calls() >= target);
  }

  /** Stops starting calls; returns once those in flight finished, with what was counted. */
  public Report stop() {
    context.runOnContext(v -> {
      stopping = true;
      context.owner().cancelTimer(timer);
      if (inFlight == 0) {
        drained.tryComplete();
      }
    });
    Await.result(drained.future());
    return Await.result(onContext(this::report));
  }

  private Report report() {
    long[] sorted = Arrays.copyOf(latencies, (int) calls);
    Arrays.sort(sorted);
    return new Report(calls, ok, skipped, new LinkedHashMap<>(failures), new LinkedHashMap<>(byNode),
      percentile(sorted, 50), percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000);
  }

  private static long percentile(long[] sorted, int p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)] / 1000;
  }

  /**
   * What a load counted: calls, answers, calls not started because {@code maxInFlight} were unanswered,
   * failures by code (-1: not a MicroException), answers by node, latency in µs.
   */
  public record Report(long calls, long ok, long skipped, Map<Integer, Long> failures, Map<String, Long> byNode,
                       long p50Micros, long p99Micros, long maxMicros) {
    public long failed() {
      return calls - ok;
    }

    @Override
    public String toString() {
      return String.format("%d calls, %d answered, %d failed %s, %d not started, p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
        + " by node %s", calls, ok, failed(), failures, skipped, p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0,
        byNode.values());
    }
  }
}
