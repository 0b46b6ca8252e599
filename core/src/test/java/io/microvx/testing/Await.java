package io.microvx.testing;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits for futures and conditions from a test thread (never from an event loop). */
public final class Await {

  public static final Duration DEFAULT = Duration.ofSeconds(20);

  private Await() {
  }

  /** The future's result; its failure rethrown as is (unchecked) or wrapped. */
  public static <T> T result(Future<T> future) {
    return result(future, DEFAULT);
  }

  public static <T> T result(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The future's failure; an AssertionError when it succeeds instead. */
  public static Throwable failure(Future<?> future) {
    try {
      Object result = result(future);
      throw new AssertionError("expected a failure, got " + result);
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable t) {
      return t;
    }
  }

  /** Waits until the condition holds, checking every few milliseconds. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition);
  }

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
