package io.microvx.broker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A subscription of the memory broker: a backlog of at most {@code max_in_flight + max_pending}
 * messages, of which at most {@code max_in_flight} are with the handler at once. A nacked message goes
 * to the back of the backlog again, up to {@code broker_redeliveries} times; then it is dropped,
 * counted and logged. Backlog state is guarded by the bus's monitor.
 */
final class MemorySubscription implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(MemorySubscription.class);

  private final MemoryBus bus;
  private final String topic;
  private final EventHandler handler;
  private final SubscribeOptions options;
  private final Context context;
  private final BrokerCounters counters;
  private final int capacity;
  private final int redeliveries;
  private final Consumer<MemorySubscription> onGone;
  private final ArrayDeque<Delivery> backlog = new ArrayDeque<>();
  private int inFlight;
  private boolean active = true;

  MemorySubscription(MemoryBus bus, String topic, EventHandler handler, SubscribeOptions options, Context context,
                     BrokerCounters counters, BrokerOptions brokerOptions, Consumer<MemorySubscription> onGone) {
    this.onGone = onGone;
    this.bus = bus;
    this.topic = topic;
    this.handler = handler;
    this.options = new SubscribeOptions(options);
    this.context = context;
    this.counters = counters;
    this.capacity = options.getMaxInFlight() + brokerOptions.getMaxPending();
    this.redeliveries = brokerOptions.getRedeliveries();
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public SubscribeOptions options() {
    return new SubscribeOptions(options);
  }

  @Override
  public Future<Void> unsubscribe() {
    synchronized (bus) {
      active = false;
    }
    bus.remove(this);
    onGone.accept(this);
    return Future.succeededFuture();
  }

  /** Holds the bus's monitor. */
  boolean hasRoom() {
    return active && backlog.size() + inFlight < capacity;
  }

  /** Holds the bus's monitor. */
  void enqueue(Message message, int attempt) {
    backlog.add(new Delivery(topic, message, attempt, ok -> settled(message, attempt, ok)));
  }

  /** What has not reached the handler yet, taken out. Holds the bus's monitor. */
  List<Delivery> drain() {
    List<Delivery> left = new ArrayList<>(backlog);
    backlog.clear();
    return left;
  }

  void dropUnsubscribed(String topic) {
    counters.dropped.increment();
    log.warn("dropped a message of {} for lack of subscribers after an unsubscribe", topic);
  }

  /** Hands the handler what its in-flight bound allows, on the subscriber's context. */
  void pump() {
    List<Delivery> ready = new ArrayList<>();
    synchronized (bus) {
      while (active && inFlight < options.getMaxInFlight() && !backlog.isEmpty()) {
        inFlight++;
        ready.add(backlog.poll());
      }
    }
    for (int i = 0; i < ready.size(); i++) {
      Delivery delivery = ready.get(i);
      try {
        context.runOnContext(v -> Delivery.run(handler, delivery, options.isAutoAck()));
      } catch (RejectedExecutionException e) {
        // the subscriber's Vert.x was closed without unsubscribing: it is gone, its messages go elsewhere
        gone(ready.subList(i, ready.size()));
        return;
      }
    }
  }

  private void gone(List<Delivery> undelivered) {
    synchronized (bus) {
      for (int i = undelivered.size() - 1; i >= 0; i--) {
        backlog.addFirst(undelivered.get(i));
      }
      inFlight = 0;
      active = false;
    }
    bus.remove(this);
    onGone.accept(this);
  }

  private void settled(Message message, int attempt, boolean ok) {
    MemorySubscription elsewhere = null;
    synchronized (bus) {
      inFlight--;
      if (ok) {
        counters.delivered.increment();
      } else {
        counters.failed.increment();
        if (attempt > redeliveries) {
          counters.dropped.increment();
          log.warn("dropped a message of {} after {} failed deliveries", topic, attempt);
        } else if (active) {
          counters.retried.increment();
          enqueue(message, attempt + 1);
        } else {
          // nacked after unsubscribing: the rest of its queue group may still take it
          counters.retried.increment();
          elsewhere = bus.handOver(this, message, attempt + 1);
        }
      }
    }
    if (elsewhere != null) {
      elsewhere.pump();
    }
    pump();
    bus.admitWaiting();
  }
}
