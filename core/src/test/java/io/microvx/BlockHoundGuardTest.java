package io.microvx;

import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard the other tests rely on: blocking on an event loop fails, blocking on a worker does not. */
class BlockHoundGuardTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void sleepingOnAnEventLoopFails() {
    Future<Void> slept = vertx.getOrCreateContext().<Void>executeBlocking(() -> null)
      .compose(v -> {
        try {
          Thread.sleep(1);
          return Future.succeededFuture();
        } catch (Throwable t) {
          return Future.failedFuture(t);
        }
      });
    assertThat(Await.failure(slept)).isInstanceOf(BlockingOperationError.class);
    // consumed here, so the check that fails every other test on a blocking call lets this one pass
    assertThat(io.microvx.testing.VertxBlockHound.takeViolations()).singleElement().asString().contains("Thread.sleep");
  }

  @Test
  void sleepingOnAWorkerIsAllowed() {
    Future<String> slept = vertx.executeBlocking(() -> {
      Thread.sleep(1);
      return "done";
    });
    assertThat(Await.result(slept)).isEqualTo("done");
  }
}
