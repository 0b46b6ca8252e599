package io.microvx.broker;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One handing of a message to a handler: the {@link Event} the handler sees, settled once — by
 * {@code ack()}/{@code nack()}, or by the handler's future when {@code autoAck} is on (a failed or thrown
 * handler is a nack either way). For broker implementations.
 */
public final class Delivery implements Event {

  private final String topic;
  private final Message message;
  private final int attempt;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final Consumer<Boolean> onSettle;

  /** @param onSettle told once whether the message was acknowledged (true) or not */
  public Delivery(String topic, Message message, int attempt, Consumer<Boolean> onSettle) {
    this.topic = topic;
    this.message = message;
    this.attempt = attempt;
    this.onSettle = onSettle;
  }

  /** Runs the handler and settles by its outcome as the options say. */
  public static void run(EventHandler handler, Delivery delivery, boolean autoAck) {
    Future<Void> handled;
    try {
      handled = handler.handle(delivery);
      if (handled == null) {
        handled = Future.succeededFuture();
      }
    } catch (RuntimeException e) {
      handled = Future.failedFuture(e);
    }
    handled.onComplete(ar -> {
      if (ar.failed()) {
        delivery.settle(false);
      } else if (autoAck) {
        delivery.settle(true);
      }
    });
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public Message message() {
    return message;
  }

  /** 1 for the first delivery of the message, 2 for its first redelivery, … */
  public int attempt() {
    return attempt;
  }

  @Override
  public Future<Void> ack() {
    settle(true);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> nack() {
    settle(false);
    return Future.succeededFuture();
  }

  void settle(boolean ok) {
    if (settled.compareAndSet(false, true)) {
      onSettle.accept(ok);
    }
  }

  /** A promise completed on the given context, so the publisher's callbacks run where it called. */
  static void completeOn(io.vertx.core.Context context, Promise<Void> promise, Throwable failure) {
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
