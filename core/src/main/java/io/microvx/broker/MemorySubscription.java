package io.microvx.broker;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * A subscription of the memory broker: its {@link Deliveries} hold at most {@code max_in_flight} messages
 * at the handler and the bus lets at most {@code broker_max_pending} more wait behind them. A nacked
 * message is redelivered here after its back-off, up to {@code broker_redeliveries} times; then it is
 * dropped, counted and logged.
 */
final class MemorySubscription implements Subscriber {

  private final MemoryBus bus;
  private final String topic;
  private final SubscribeOptions options;
  private final String group;
  private final BrokerCounters counters;
  private final int capacity;
  private final Deliveries deliveries;
  private final Consumer<MemorySubscription> onGone;
  /** Guarded by the bus's monitor. */
  private boolean active = true;

  MemorySubscription(MemoryBus bus, String topic, EventHandler handler, SubscribeOptions options, Context context,
                     BrokerCounters counters, BrokerOptions brokerOptions, Consumer<MemorySubscription> onGone) {
    this.bus = bus;
    this.topic = topic;
    this.options = new SubscribeOptions(options);
    this.group = MemoryBus.group(options);
    this.counters = counters;
    this.onGone = onGone;
    this.capacity = options.getMaxInFlight() + brokerOptions.getMaxPending();
    this.deliveries = new Deliveries(topic, handler, options, brokerOptions, counters, context)
      .roomHandler(bus::admitWaiting)
      // nacked after unsubscribing: the rest of its group may still take it
      .orphanHandler(left -> bus.handOver(this, left.message(), left.attempt()))
      // the subscriber's Vert.x was closed without unsubscribing: its messages go elsewhere, off this thread,
      // which may be routing for the bus
      .goneHandler(() -> ForkJoinPool.commonPool().execute(this::leave));
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public SubscribeOptions options() {
    return new SubscribeOptions(options);
  }

  /** The subscribers it shares messages with: see {@link MemoryBus#group}. */
  String group() {
    return group;
  }

  String durable() {
    return options.getDurable();
  }

  BrokerCounters counters() {
    return counters;
  }

  int capacity() {
    return capacity;
  }

  @Override
  public Future<Void> unsubscribe() {
    leave();
    return Future.succeededFuture();
  }

  private void leave() {
    synchronized (bus) {
      active = false;
    }
    bus.remove(this);
    onGone.accept(this);
  }

  /** Whether it still takes messages: not unsubscribed, its Vert.x not gone. Holds the bus's monitor. */
  boolean isOpen() {
    return active && !deliveries.isClosed();
  }

  /** Holds the bus's monitor. */
  boolean hasRoom() {
    return isOpen() && deliveries.occupancy() < capacity;
  }

  /** Hands the handler the message now or once it has room. */
  void enqueue(Message message, int attempt) {
    deliveries.deliver(message, attempt);
  }

  /** Closes the subscription, returning what had not reached the handler yet. */
  List<Deliveries.Pending> drain() {
    return deliveries.close();
  }
}
