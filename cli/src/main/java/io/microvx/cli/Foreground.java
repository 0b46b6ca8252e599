package io.microvx.cli;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps a long-lived command (micro server, api, web) in the foreground until Ctrl-C or SIGTERM, then
 * stops what it started and exits 0 (1 when stopping did not finish in 15 s). The stop hook is in place
 * before anything starts, so a signal during start-up still stops cleanly once start-up is done.
 */
final class Foreground {

  private static final Duration STOP_WITHIN = Duration.ofSeconds(15);

  private Foreground() {
  }

  /** Runs {@code start}, which returns how to stop what it started, and waits for a signal. */
  static int run(String name, Callable<Supplier<Future<?>>> start) throws Exception {
    CompletableFuture<Supplier<Future<?>>> started = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Supplier<Future<?>> stop;
      try {
        stop = started.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        return; // start-up failed and said so: the JVM exits with that command's status
      }
      int status = 0;
      try {
        Session.await(stop.get(), STOP_WITHIN);
      } catch (RuntimeException e) {
        System.err.println("micro: stopping did not finish cleanly: " + Micro.message(e));
        status = 1;
      } finally {
        stopped.countDown();
      }
      System.out.flush();
      // a clean stop on Ctrl-C or SIGTERM is a success, not the JVM's 130 or 143
      Runtime.getRuntime().halt(status);
    }, "micro-" + name + "-stop"));
    try {
      started.complete(start.call());
    } catch (Exception | Error e) {
      started.completeExceptionally(e);
      throw e;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
