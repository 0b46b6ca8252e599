package io.microvx.broker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The deliveries of one subscription, for broker implementations: what every broker does between
 * receiving a message and settling it, written once.
 *
 * <ul>
 *   <li>At most {@code max_in_flight} messages are with the handler at once; further ones wait here in
 *   arrival order ({@link #offer} can refuse past a bound). {@link #hasRoom()} and the
 *   {@link #roomHandler room handler} let a plugin pause and resume its source (a socket, Kafka
 *   partitions) instead of letting messages pile up.</li>
 *   <li>The handler runs on the subscriber's Vert.x context, whatever thread the message arrived on.</li>
 *   <li>Each message is settled once (the handler's future with {@code autoAck}, or {@link Event#ack()} /
 *   {@link Event#nack()}), counted ({@link BrokerCounters}: delivered, failed, retried, dropped), and
 *   handed to the broker's {@link Settler}; after {@code broker_redeliveries} redeliveries a nack becomes a
 *   {@link Settler#drop() drop}, logged.</li>
 *   <li>A message whose deadline ({@link Deadlines}) passed before it reached the handler is acknowledged
 *   unhandled and counted as expired, unless the subscription's {@code drop_expired} is off.</li>
 *   <li>Messages delivered without a settler (brokers that cannot redeliver: memory, proxy) are redelivered
 *   here after their delay, keeping their place within the bound.</li>
 * </ul>
 *
 * <p>Thread-safe; no handler or callback runs while its lock is held.
 */
public final class Deliveries {

  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
  private static final long MAX_BACKOFF_MS = 60_000;
  /** Deliveries run per task on the context before it lets its other tasks in. */
  private static final int BATCH = 64;

  /**
   * A message not (or no longer) with the handler; {@code settler} null when it is settled here.
   * {@code deadline} is its {@link Deadlines} header in epoch milliseconds, 0 for none (or not read).
   */
  public record Pending(Message message, int attempt, Settler settler, long deadline) {
  }

  private enum Outcome { ACK, NACK }

  private final String topic;
  private final EventHandler handler;
  private final boolean autoAck;
  private final boolean dropExpired;
  private final java.time.Clock clock;
  private final int maxInFlight;
  private final BrokerOptions brokerOptions;
  private final BrokerCounters counters;
  private final Context context;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  /** With the handler, or held for a redelivery here. */
  private int inFlight;
  private boolean closed;
  private boolean gone;
  private volatile Runnable roomHandler = () -> { };
  private volatile Runnable goneHandler = () -> { };
  private volatile Consumer<Pending> orphanHandler = this::dropOrphan;
  /** Handed over, not yet run: a burst costs one hop onto the context, not one per message. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Pending> ready = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** Whether a task on the context is running (or about to run) {@link #ready}. */
  private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * @param context where the handler runs: the subscriber's ({@code vertx.getOrCreateContext()} when it
   *                subscribed)
   */
  public Deliveries(String topic, EventHandler handler, SubscribeOptions options, BrokerOptions brokerOptions,
                    BrokerCounters counters, Context context) {
    this.topic = topic;
    this.handler = handler;
    this.autoAck = options.isAutoAck();
    this.dropExpired = options.isDropExpired();
    this.clock = options.getClock();
    this.maxInFlight = options.getMaxInFlight();
    this.brokerOptions = new BrokerOptions(brokerOptions);
    this.counters = counters;
    this.context = context;
  }

  /** Called after each delivery settled, on the settling thread: the bound may have room again. */
  public Deliveries roomHandler(Runnable handler) {
    this.roomHandler = handler;
    return this;
  }

  /**
   * Called once when the subscriber's Vert.x refused a task (it was closed without unsubscribing): the
   * subscription is closed, and what it had not handed over is in {@link #close()}'s answer.
   */
  public Deliveries goneHandler(Runnable handler) {
    this.goneHandler = handler;
    return this;
  }

  /**
   * Gets what can no longer reach this handler after {@link #close()}: messages nacked afterwards, or
   * delivered afterwards. By default they are dropped, logged and counted; a broker with other members
   * to give them to (a queue group) says so here.
   */
  public Deliveries orphanHandler(Consumer<Pending> handler) {
    this.orphanHandler = handler;
    return this;
  }

  /** Delivers a message the broker will redeliver when told to: now, or once a slot is free. */
  public void deliver(Message message, int attempt, Settler settler) {
    offer(message, attempt, settler, Integer.MAX_VALUE);
  }

  /** Delivers a message this subscription redelivers itself when it is nacked. */
  public void deliver(Message message, int attempt) {
    offer(message, attempt, null, Integer.MAX_VALUE);
  }

  /**
   * Delivers a message unless {@code maxWaiting} messages already wait for a slot; returns false, doing
   * nothing, then (the sender may be told the subscriber is busy).
   */
  public boolean offer(Message message, int attempt, Settler settler, int maxWaiting) {
    // read on the receiving thread, which has just touched the message, not on the subscriber's context
    Long deadline = dropExpired ? Deadlines.epochMillis(message) : null;
    Pending pending = new Pending(message, attempt, settler, deadline == null ? 0 : deadline);
    boolean orphan = false;
    synchronized (this) {
      if (closed) {
        orphan = true;
      } else if (inFlight < maxInFlight) {
        inFlight++;
      } else if (waiting.size() >= maxWaiting) {
        return false;
      } else {
        waiting.add(pending);
        return true;
      }
    }
    if (orphan) {
      orphanHandler.accept(pending);
    } else {
      dispatch(pending);
    }
    return true;
  }

  public String topic() {
    return topic;
  }

  /** Messages with the handler or held for redelivery, plus those waiting. */
  public synchronized int occupancy() {
    return inFlight + waiting.size();
  }

  /** Whether a further message would go to the handler at once. */
  public synchronized boolean hasRoom() {
    return !closed && inFlight + waiting.size() < maxInFlight;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Stops handing messages to the handler and returns those still waiting, in order. Deliveries with the
   * handler still settle; what is nacked from now on goes to the orphan handler.
   */
  public synchronized List<Pending> close() {
    closed = true;
    List<Pending> left = List.copyOf(waiting);
    waiting.clear();
    return left;
  }

  private void dispatch(Pending pending) {
    ready.add(pending);
    if (draining.compareAndSet(false, true)) {
      schedule();
    }
  }

  private void schedule() {
    try {
      context.runOnContext(v -> drain());
    } catch (RejectedExecutionException e) {
      draining.set(false);
      for (Pending left = ready.poll(); left != null; left = ready.poll()) {
        gone(left);
      }
    }
  }

  /** On the context: runs up to {@link #BATCH} deliveries in arrival order, then yields if more are ready. */
  private void drain() {
    for (int ran = 0; ran < BATCH; ran++) {
      Pending next = ready.poll();
      if (next == null) {
        draining.set(false);
        // one handed over between the poll and the flag going down started no task of its own: run it here
        if (ready.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      try {
        run(next);
      } catch (RuntimeException e) {
        // one delivery's failure must not stop the ones behind it, which no other task would run
        log.error("a delivery of {} failed outside its handler", topic, e);
      }
    }
    schedule();
  }

  private void run(Pending next) {
    Delivery delivery = new Delivery(this, next);
    if (next.deadline() > 0 && Deadlines.isExpired(next.deadline(), clock)) {
      delivery.expire(); // it cannot succeed any more: handling it would only delay work that still can
      return;
    }
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
        delivery.nack();
      } else if (autoAck) {
        delivery.ack();
      }
    });
  }

  /** The back-off before redelivering a message nacked without a delay. */
  Duration backoff(int attempt) {
    long base = Math.max(1, brokerOptions.getRetryBackoff().toMillis());
    return Duration.ofMillis(Math.min(MAX_BACKOFF_MS, base << Math.min(attempt - 1, 16)));
  }

  /** Counts the outcome, frees the slot, and asks the broker to settle; returns the broker's answer. */
  Future<Void> settle(Pending pending, boolean ack, Duration delay) {
    Settler settler = pending.settler();
    Future<Void> answer;
    boolean release = true;
    if (ack) {
      counters.delivered.increment();
      answer = settler == null ? Future.succeededFuture() : settler.ack();
    } else {
      counters.failed.increment();
      if (settler != null && settler.senderRetries()) {
        answer = settler.nack(delay);
      } else if (pending.attempt() > brokerOptions.getRedeliveries()) {
        counters.dropped.increment();
        log.warn("dropped a message of {} after {} failed deliveries", topic, pending.attempt());
        answer = settler == null ? Future.succeededFuture() : settler.drop();
      } else {
        counters.retried.increment();
        if (settler == null) {
          release = false;
          redeliverHere(new Pending(pending.message(), pending.attempt() + 1, null, pending.deadline()), delay);
          answer = Future.succeededFuture();
        } else {
          answer = settler.nack(delay);
        }
      }
    }
    if (release) {
      release();
    }
    return answer;
  }

  /** Acknowledges a message whose deadline passed before delivery, without handling it, and counts it. */
  Future<Void> settleExpired(Pending pending) {
    counters.expired.increment();
    log.debug("dropped a message of {}: its deadline passed before delivery", topic);
    Settler settler = pending.settler();
    Future<Void> answer = settler == null ? Future.succeededFuture() : settler.ack();
    release();
    return answer;
  }

  private void release() {
    Pending next;
    synchronized (this) {
      next = closed ? null : waiting.poll();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      dispatch(next);
    }
    roomHandler.run();
  }

  /** Redelivers after the delay, keeping the message's slot; after a close it goes to the orphan handler. */
  private void redeliverHere(Pending again, Duration delay) {
    Runnable redo = () -> {
      boolean orphan;
      synchronized (this) {
        orphan = closed;
        if (orphan) {
          inFlight--;
        }
      }
      if (orphan) {
        orphanHandler.accept(again);
        roomHandler.run();
      } else {
        dispatch(again);
      }
    };
    if (delay.isZero()) {
      redo.run();
      return;
    }
    try {
      context.owner().setTimer(Math.max(1, delay.toMillis()), id -> redo.run());
    } catch (RuntimeException e) {
      gone(again); // the Vert.x was closed: no timer will ever fire
    }
  }

  /** The context refused a task: the subscriber's Vert.x was closed without unsubscribing. */
  private void gone(Pending undelivered) {
    boolean first;
    boolean wasClosed;
    synchronized (this) {
      inFlight--;
      wasClosed = closed;
      if (!wasClosed) {
        waiting.addFirst(undelivered);
      }
      closed = true;
      first = !gone;
      gone = true;
    }
    if (wasClosed) {
      orphanHandler.accept(undelivered);
    }
    if (first) {
      goneHandler.run();
    }
  }

  private void dropOrphan(Pending pending) {
    counters.dropped.increment();
    log.warn("dropped a message of {}: its subscription had closed", topic);
  }

  /** A promise whose callbacks run on the subscriber's context, whichever thread completes it or listens. */
  Promise<Void> promise() {
    return ((ContextInternal) context).promise();
  }
}
