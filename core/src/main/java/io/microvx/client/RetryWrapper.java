package io.microvx.client;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;

/** Retries failed attempts that may succeed elsewhere, while the deadline and the retry budget allow. */
final class RetryWrapper implements CallWrapper {

  private final Vertx vertx;
  private final ClientOptions defaults;
  private final Backoff backoff;
  private final RetryBudget budget;
  private final ClientCounters counters;

  RetryWrapper(Vertx vertx, ClientOptions defaults, Backoff backoff, RetryBudget budget, ClientCounters counters) {
    this.vertx = vertx;
    this.defaults = defaults;
    this.backoff = backoff;
    this.budget = budget;
    this.counters = counters;
  }

  @Override
  public Call wrap(Call next) {
    return request -> {
      Integer perCall = request.options().getRetries();
      int retries = perCall != null ? perCall : defaults.getRetries();
      budget.deposit();
      return attempt(next, request, 1, retries);
    };
  }

  private Future<CallResponse> attempt(Call next, CallRequest request, int attempt, int retries) {
    request.attempt(attempt);
    Future<CallResponse> result = next.call(request);
    if (retries == 0) {
      return result;
    }
    return result.recover(failure -> {
      if (attempt > retries || !isRetryable(failure) || request.isExpired()) {
        return Future.failedFuture(failure);
      }
      Duration delay = backoff.delay(request, attempt);
      Duration left = request.remaining();
      if (left != null && delay.compareTo(left) >= 0) {
        return Future.failedFuture(failure);
      }
      if (!budget.tryWithdraw()) {
        // over budget: the caller gets the attempt's own failure now, and the overload no extra call
        counters.retriesRefused.increment();
        return Future.failedFuture(failure);
      }
      counters.retries.increment();
      if (delay.isZero() || delay.isNegative()) {
        return attempt(next, request, attempt + 1, retries);
      }
      Promise<CallResponse> retried = Promise.promise();
      vertx.setTimer(Math.max(1, delay.toMillis()),
        id -> attempt(next, request, attempt + 1, retries).onComplete(retried));
      return retried.future();
    });
  }

  /**
   * Connection failures and the codes go-micro retries (408, 5xx); never a client-side mistake (4xx), nor
   * 501 (not implemented: no node will do better).
   */
  static boolean isRetryable(Throwable failure) {
    if (failure instanceof MicroException e) {
      return e.code() == 408 || (e.code() >= 500 && e.code() <= 599 && e.code() != 501);
    }
    return false;
  }
}
