package io.microvx.client;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Sends an idempotent attempt that is slow to answer to a second node as well (the selector leaves out
 * the node already tried); the first answer wins and the other is ignored when it comes. The wait is the
 * endpoint's recent percentile latency (or the options' fixed delay), and each hedge takes one retry from
 * the client's budget. Attempt wrappers see the hedge's node in {@link CallRequest#node()} from then on.
 */
final class HedgeWrapper implements CallWrapper {

  private static final int MAX_ENDPOINTS = 1024;
  private static final int SAMPLES = 128;

  private final Vertx vertx;
  private final HedgeOptions options;
  private final RetryBudget budget;
  private final ClientCounters counters;
  private final LongSupplier clock;
  private final LatencyTracker latencies = new LatencyTracker(MAX_ENDPOINTS, SAMPLES);
  private final Set<String> idempotent;

  HedgeWrapper(Vertx vertx, HedgeOptions options, RetryBudget budget, ClientCounters counters, LongSupplier clock) {
    this.vertx = vertx;
    this.options = new HedgeOptions(options);
    this.budget = budget;
    this.counters = counters;
    this.clock = clock;
    this.idempotent = new HashSet<>(options.getEndpoints());
  }

  @Override
  public Call wrap(Call next) {
    return request -> {
      if (!hedgeable(request)) {
        return next.call(request);
      }
      long start = clock.getAsLong();
      Future<CallResponse> primary = attempt(next, request);
      long delay = delayNanos(request);
      Duration left = request.remaining();
      if (primary.isComplete() || delay < 0 || (left != null && left.toNanos() <= delay)) {
        return primary.andThen(ar -> record(request, ar, start));
      }
      return new Race(next, request, start).run(primary, delay);
    };
  }

  private boolean hedgeable(CallRequest request) {
    Boolean marked = request.options().getIdempotent();
    if (!options.isEnabled() || Boolean.FALSE.equals(marked) || request.options().getAddress() != null) {
      return false;
    }
    return Boolean.TRUE.equals(marked) || idempotent.contains(request.endpoint())
      || idempotent.contains(request.service() + '/' + request.endpoint());
  }

  /** How long to wait before hedging, or -1 when the endpoint has too few latencies to tell. */
  private long delayNanos(CallRequest request) {
    long floor = options.getMinDelay().toNanos();
    if (!options.getDelay().isZero()) {
      return Math.max(floor, options.getDelay().toNanos());
    }
    long observed = latencies.percentile(request.service(), request.endpoint(), options.getPercentile(),
      HedgeOptions.MIN_SAMPLES);
    return observed < 0 ? -1 : Math.max(floor, observed);
  }

  private void record(CallRequest request, AsyncResult<CallResponse> result, long start) {
    if (result.succeeded()) {
      latencies.record(request.service(), request.endpoint(), clock.getAsLong() - start);
    }
  }

  private static Future<CallResponse> attempt(Call next, CallRequest request) {
    try {
      return next.call(request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** One primary attempt and at most one hedge: the first success completes the call. */
  private final class Race {
    private final Call next;
    private final CallRequest request;
    private final long start;
    private final Promise<CallResponse> result = Promise.promise();
    private long timer = -1;
    private boolean primaryDone;
    private boolean hedgeSent;
    private boolean hedgeFailed;
    private Throwable primaryFailure;

    Race(Call next, CallRequest request, long start) {
      this.next = next;
      this.request = request;
      this.start = start;
    }

    Future<CallResponse> run(Future<CallResponse> primary, long delayNanos) {
      synchronized (this) {
        timer = vertx.setTimer(Math.max(1, (delayNanos + 999_999) / 1_000_000), id -> hedge());
      }
      primary.onComplete(this::primaryDone);
      return result.future();
    }

    private void primaryDone(AsyncResult<CallResponse> ar) {
      boolean fail;
      synchronized (this) {
        primaryDone = true;
        if (!hedgeSent) {
          vertx.cancelTimer(timer);
        }
        if (ar.failed()) {
          primaryFailure = ar.cause();
        }
        // a failed primary waits for a hedge still under way; otherwise its failure is the call's
        fail = ar.failed() && (!hedgeSent || hedgeFailed);
      }
      if (ar.succeeded()) {
        if (result.tryComplete(ar.result())) {
          record(request, ar, start);
        }
      } else if (fail) {
        result.tryFail(ar.cause());
      }
    }

    private void hedge() {
      synchronized (this) {
        if (primaryDone || result.future().isComplete() || request.isExpired()) {
          return;
        }
        if (!budget.tryWithdraw()) {
          counters.hedgesRefused.increment();
          return;
        }
        hedgeSent = true;
      }
      counters.hedges.increment();
      long hedgeStart = clock.getAsLong();
      attempt(next, request).onComplete(ar -> {
        if (ar.succeeded()) {
          if (result.tryComplete(ar.result())) {
            counters.hedgesWon.increment();
            record(request, ar, hedgeStart);
          }
          return;
        }
        Throwable failure;
        synchronized (this) {
          hedgeFailed = true;
          failure = primaryDone ? primaryFailure : null;
        }
        if (failure != null) {
          result.tryFail(failure);
        }
      });
    }
  }
}
