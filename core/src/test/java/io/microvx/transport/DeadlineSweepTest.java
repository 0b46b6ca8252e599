package io.microvx.transport;

import io.microvx.testing.Await;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineSweepTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<String> expired = new CopyOnWriteArrayList<>();
  private final List<Context> expiredOn = new CopyOnWriteArrayList<>();

  /** An item whose deadline has passed once {@code due} is set. */
  private record Item(String name, AtomicBoolean due) {
  }

  private final DeadlineSweep<Item> sweep = DeadlineSweep.create(vertx, Duration.ofMillis(5), item -> item.due().get(),
    item -> {
      expired.add(item.name());
      expiredOn.add(Vertx.currentContext());
    });

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void anItemPastItsDeadlineExpiresOnTheContextThatWatchedItAndAnUnwatchedOneNever() {
    Context context = vertx.getOrCreateContext();
    Item late = new Item("late", new AtomicBoolean());
    Item done = new Item("done", new AtomicBoolean());
    context.runOnContext(v -> {
      sweep.watch(late);
      sweep.watch(done);
      sweep.unwatch(done);
      done.due().set(true);
      late.due().set(true);
    });
    Await.until("the late item to expire", () -> expired.contains("late"));
    assertThat(expiredOn).containsOnly(context);
    assertThat(expired).containsExactly("late");
  }

  @Test
  void aTimerCancelledWithItsVerticleIsReplacedByTheNextWatch() {
    Item held = new Item("held", new AtomicBoolean());
    String deployment = Await.result(vertx.deployVerticle(new AbstractVerticle() {
      @Override
      public void start() {
        sweep.watch(held); // the sweep's timer now belongs to this verticle
      }
    }));
    Await.result(vertx.undeploy(deployment)); // and is cancelled with it
    held.due().set(true);
    Await.until("a later watch to start a new timer, which expires the item", () -> {
      sweep.watch(new Item("probe", new AtomicBoolean()));
      return expired.contains("held");
    });
  }
}
