package io.microvx.examples.greeter;

import io.microvx.service.MicroService;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The greeter and a client in one process on embedded defaults (in-memory registry, http transport):
 * deploys two greeter instances, greets a few names, then keeps 32 callers busy for a few seconds and
 * prints the calls per second. {@code --seconds N} sets how long (0 skips it).
 */
public final class GreeterDemo {

  private static final int CALLERS = 32;

  private GreeterDemo() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length == 2 && args[0].equals("--seconds") ? Integer.parseInt(args[1]) : 5;
    Vertx vertx = Vertx.vertx();
    try {
      Tally tally = run(vertx, seconds).toCompletionStage().toCompletableFuture().get();
      if (tally.failed() > 0) {
        System.err.println("greeter demo failed: " + tally.failed() + " of " + (tally.calls() + tally.failed()) + " calls failed");
        System.exit(1);
      }
    } catch (Exception e) {
      System.err.println("greeter demo failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      System.exit(1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /** What the demo saw: the two greetings, then the measured calls that succeeded and failed. */
  record Tally(List<String> greetings, long calls, long failed) {
  }

  static Future<Tally> run(Vertx vertx, int seconds) {
    // one process: an in-memory registry and broker rather than micro server's (the default)
    JsonObject config = new JsonObject().put("server_address", "127.0.0.1:0").put("registry", "memory").put("broker", "memory");
    return vertx.deployVerticle(GreeterVerticle.class.getName(), new DeploymentOptions().setConfig(config).setInstances(2))
      .compose(id -> vertx.executeBlocking(() -> MicroService.builder(vertx).name("greeter.client").config(config).build()))
      .compose(caller -> {
        GreeterClient greeter = new GreeterClient(caller.client());
        List<String> greetings = new ArrayList<>();
        return greeter.greet("Ada").compose(msg -> {
          System.out.println(msg);
          greetings.add(msg);
          return greeter.greet("Grace");
        }).compose(msg -> {
          System.out.println(msg);
          greetings.add(msg);
          return seconds > 0 ? measure(vertx, greeter, Duration.ofSeconds(seconds)) : Future.succeededFuture(new long[2]);
        }).map(counts -> new Tally(List.copyOf(greetings), counts[0], counts[1]));
      });
  }

  /**
   * Keeps {@value #CALLERS} calls in flight for the duration (each caller makes at least one) and prints
   * what got through; the result is {succeeded, failed}.
   */
  static Future<long[]> measure(Vertx vertx, GreeterClient greeter, Duration duration) {
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    Promise<Void> finished = Promise.promise();
    AtomicLong running = new AtomicLong(CALLERS);
    for (int i = 0; i < CALLERS; i++) {
      vertx.runOnContext(v -> loop(greeter, end, done, failed, running, finished));
    }
    return finished.future().map(v -> {
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf("%d calls in %.1f s with %d concurrent callers: %.0f calls/s, %d failed%n",
        done.get(), secs, CALLERS, done.get() / secs, failed.get());
      return new long[] {done.get(), failed.get()};
    });
  }

  private static void loop(GreeterClient greeter, long end, AtomicLong done, AtomicLong failed, AtomicLong running,
                           Promise<Void> finished) {
    greeter.greet("Ada").onComplete(ar -> {
      (ar.succeeded() ? done : failed).incrementAndGet();
      if (System.nanoTime() < end) {
        loop(greeter, end, done, failed, running, finished);
      } else if (running.decrementAndGet() == 0) {
        finished.complete();
      }
    });
  }
}
