package io.microvx.nats;

import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Deliveries;
import io.microvx.broker.Envelope;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A core NATS subscription (a queue subscription with a queue group): at most once, as NATS is. Each has a
 * jnats dispatcher thread of its own, which hands messages to the {@link Deliveries} and, when
 * {@code max_in_flight} plus {@code broker_max_pending} are taken, waits for room: the backlog then builds
 * in jnats's pending buffer (and past its limits NATS drops, as it does for any slow consumer). A nacked
 * message is redelivered here, NATS having no redelivery of its own.
 */
final class CoreSubscription implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(CoreSubscription.class);

  private final Vertx vertx;
  private final Connection connection;
  private final String topic;
  private final SubscribeOptions options;
  private final BrokerCounters counters;
  private final Deliveries deliveries;
  private final int maxWaiting;
  private final Object room = new Object();
  /** Set while the dispatcher waits for room, so that settling a message only takes the lock then. */
  private volatile boolean waitingForRoom;
  private final Consumer<Subscriber> onGone;
  private volatile Dispatcher dispatcher;
  private Future<Void> leaving;

  private CoreSubscription(Vertx vertx, Connection connection, String topic, EventHandler handler, SubscribeOptions options,
                           BrokerOptions brokerOptions, BrokerCounters counters, Context context, Consumer<Subscriber> onGone) {
    this.vertx = vertx;
    this.connection = connection;
    this.topic = topic;
    this.options = new SubscribeOptions(options);
    this.counters = counters;
    this.onGone = onGone;
    this.maxWaiting = brokerOptions.getMaxPending();
    this.deliveries = new Deliveries(topic, handler, options, brokerOptions, counters, context)
      .roomHandler(this::signalRoom)
      .goneHandler(this::unsubscribe);
  }

  /** Subscribes on a worker thread, completing once the server has the subscription (a flush). */
  static Future<CoreSubscription> start(Vertx vertx, Connection connection, String topic, EventHandler handler,
                                        SubscribeOptions options, BrokerOptions brokerOptions, BrokerCounters counters,
                                        Context context, Consumer<Subscriber> onGone) {
    CoreSubscription subscription = new CoreSubscription(vertx, connection, topic, handler, options, brokerOptions,
      counters, context, onGone);
    return vertx.executeBlocking(() -> {
      Dispatcher d = connection.createDispatcher(subscription::receive);
      subscription.dispatcher = d;
      if (options.getQueue() != null) {
        d.subscribe(topic, options.getQueue());
      } else {
        d.subscribe(topic);
      }
      try {
        connection.flush(Duration.ofSeconds(10));
      } catch (Exception e) {
        connection.closeDispatcher(d);
        throw NatsConnector.unavailable("NATS did not confirm the subscription to %s: %s", topic, e.getMessage());
      }
      return subscription;
    }, false);
  }

  /** On the dispatcher's thread: decode, then hand over, waiting while the subscriber has no room. */
  private void receive(io.nats.client.Message received) throws InterruptedException {
    Message message;
    try {
      message = Envelope.decodeMessage(received.getData()).message();
    } catch (MicroException e) {
      counters.dropped.increment();
      log.warn("dropped a message of {} that is not a go-micro envelope: {}", topic, e.detail());
      return;
    }
    if (deliveries.offer(message, 1, null, maxWaiting)) {
      return;
    }
    synchronized (room) {
      waitingForRoom = true;
      try {
        // tried again after the flag is up: a slot freed before it was seen is not missed
        while (!deliveries.offer(message, 1, null, maxWaiting)) {
          room.wait(100);
        }
      } finally {
        waitingForRoom = false;
      }
    }
  }

  private void signalRoom() {
    if (waitingForRoom) {
      synchronized (room) {
        room.notifyAll();
      }
    }
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
  public synchronized Future<Void> unsubscribe() {
    if (leaving == null) {
      List<Deliveries.Pending> left = deliveries.close();
      if (!left.isEmpty()) {
        counters.dropped.add(left.size());
        log.warn("dropped {} messages of {} that waited for the handler when it unsubscribed", left.size(), topic);
      }
      signalRoom();
      onGone.accept(this);
      Dispatcher d = dispatcher;
      leaving = d == null ? Future.succeededFuture() : Blocking.quietly(vertx, () -> connection.closeDispatcher(d));
    }
    return leaving;
  }
}
