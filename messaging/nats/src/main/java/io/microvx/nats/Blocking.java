package io.microvx.nats;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;

/** Closing work for jnats (it may wait for its threads), off the event loops, never failing. */
final class Blocking {

  private static final Logger log = LoggerFactory.getLogger(Blocking.class);

  private Blocking() {
  }

  /**
   * Runs the work on a worker thread (or, the Vert.x being closed, a common pool thread); completes when
   * it is done, failures logged, not passed on: what is being closed is gone either way.
   */
  static Future<Void> quietly(Vertx vertx, Runnable work) {
    Runnable guarded = () -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        log.debug("closing a NATS resource failed", e);
      }
    };
    try {
      return vertx.executeBlocking(() -> {
        guarded.run();
        return (Void) null;
      }, false).recover(e -> Future.succeededFuture());
    } catch (RejectedExecutionException | IllegalStateException e) {
      Promise<Void> done = Promise.promise();
      ForkJoinPool.commonPool().execute(() -> {
        guarded.run();
        done.complete();
      });
      return done.future();
    }
  }
}
