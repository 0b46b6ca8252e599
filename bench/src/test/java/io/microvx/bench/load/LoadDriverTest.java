package io.microvx.bench.load;

import io.microvx.bench.Measurement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class LoadDriverTest {

  private final ExecutorService callers = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  /** A system whose calls all wait for the latch, as a cold one on a busy machine answers nothing at first. */
  private Target heldUntil(CountDownLatch answer) {
    return new Target() {
      @Override
      public java.util.concurrent.Executor callers() {
        return callers;
      }

      @Override
      public void call(Done done) {
        Thread waiter = new Thread(() -> {
          try {
            answer.await();
            done.done(null);
          } catch (InterruptedException e) {
            done.done(e);
          }
        });
        waiter.setDaemon(true);
        waiter.start();
      }
    };
  }

  @Test
  void aRunWhoseCallsAllEndAfterItsWindowCountsTheFirstOneInsteadOfReportingZero() {
    CountDownLatch answer = new CountDownLatch(1);
    Target slow = heldUntil(answer);
    // answers only once the 50 ms window is over: released from a caller thread after it
    callers.execute(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      answer.countDown();
    });
    Measurement m = LoadDriver.run(slow, 4, Duration.ofMillis(50));
    assertThat(m.count()).isPositive();
    assertThat(m.value()).isPositive();
    assertThat(m.failures()).isZero();
  }
}
