package io.microvx.broker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** One handing of a message to a handler, as the handler sees it: settled once, through its {@link Deliveries}. */
final class Delivery implements Event {

  private final Deliveries owner;
  private final Deliveries.Pending pending;
  private final AtomicReference<Promise<Void>> settled = new AtomicReference<>();

  Delivery(Deliveries owner, Deliveries.Pending pending) {
    this.owner = owner;
    this.pending = pending;
  }

  @Override
  public String topic() {
    return owner.topic();
  }

  @Override
  public Message message() {
    return pending.message();
  }

  @Override
  public int attempt() {
    return pending.attempt();
  }

  @Override
  public Future<Void> ack() {
    return settle(true, Duration.ZERO);
  }

  @Override
  public Future<Void> nack() {
    return settle(false, owner.backoff(pending.attempt()));
  }

  @Override
  public Future<Void> nack(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a redelivery delay cannot be negative: " + delay);
    }
    return settle(false, delay);
  }

  /** Settles the message as expired: acknowledged, never handed to the handler. */
  void expire() {
    Promise<Void> mine = owner.promise();
    if (settled.compareAndSet(null, mine)) {
      owner.settleExpired(pending).onComplete(mine);
    }
  }

  private Future<Void> settle(boolean ack, Duration delay) {
    Promise<Void> mine = owner.promise();
    if (!settled.compareAndSet(null, mine)) {
      return settled.get().future();
    }
    owner.settle(pending, ack, delay).onComplete(mine);
    return mine.future();
  }

  /** A promise completed on the given context, so the publisher's callbacks run where it called. */
  static void completeOn(Context context, Promise<Void> promise, Throwable failure) {
    Runnable complete = () -> {
      if (failure == null) {
        promise.tryComplete();
      } else {
        promise.tryFail(failure);
      }
    };
    if (context == null) {
      complete.run();
      return;
    }
    try {
      context.runOnContext(v -> complete.run());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the publisher's Vert.x is closed: nobody will run its callbacks, complete it here
      complete.run();
    }
  }
}
