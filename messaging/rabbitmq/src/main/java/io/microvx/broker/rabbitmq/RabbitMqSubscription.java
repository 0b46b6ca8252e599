package io.microvx.broker.rabbitmq;

import io.microvx.broker.Deliveries;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.Settler;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.microvx.metadata.Ids;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One subscription on a connection of its own: its queue bound to the exchange with the topic as binding
 * key, consumed with manual acknowledgements and the prefetch as its in-flight bound.
 *
 * <ul>
 *   <li>No queue, not durable: a private queue (exclusive, auto-delete), named here ({@code micro.<topic>.<uuid>})
 *   rather than by the server, so the same declaration is made again after a reconnect and the client's
 *   restarted consumer finds it.</li>
 *   <li>A queue group: the group's named queue (non-durable, auto-delete, shared: go-micro's).</li>
 *   <li>Durable: a durable queue named by the durable name (shared by a queue group), kept after the last
 *   consumer left.</li>
 * </ul>
 *
 * <p>A nack waits its delay holding the message, then publishes a copy straight to this queue (the default
 * exchange) carrying the next attempt in {@value RabbitMqWire#ATTEMPT_HEADER}, and acknowledges the original once
 * the copy is confirmed; should that fail, the original is requeued. A message used up is nacked without
 * requeueing (dead-lettered when the queue has a dead-letter exchange).
 */
final class RabbitMqSubscription implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(RabbitMqSubscription.class);
  private static final long UNSUBSCRIBE_GRACE_MS = 5_000;

  private final RabbitMqBroker broker;
  private final String topic;
  private final SubscribeOptions options;
  private final String queue;
  private final boolean durable;
  private final boolean exclusive;
  private final Deliveries deliveries;
  private final Consumer<RabbitMqSubscription> onGone;
  private final RabbitMQClient client;
  private final Acks acks;
  /** Counts connections: a delivery tag is only valid on the channel it came on. */
  private final AtomicInteger generation = new AtomicInteger();
  /** Delivered and not yet settled (settling included). */
  private final AtomicInteger unsettled = new AtomicInteger();
  private volatile RabbitMQConsumer consumer;
  private final io.vertx.core.Context setUpContext;
  private Future<Void> left;

  RabbitMqSubscription(RabbitMqBroker broker, String topic, EventHandler handler, SubscribeOptions options,
                       ContextInternal context, Consumer<RabbitMqSubscription> onGone) {
    this.broker = broker;
    this.topic = topic;
    this.options = options;
    this.onGone = onGone;
    this.durable = options.getDurable() != null;
    this.queue = durable ? options.getDurable()
      : options.getQueue() != null ? options.getQueue() : "micro." + topic + "." + Ids.uuid();
    this.exclusive = !durable && options.getQueue() == null;
    this.deliveries = new Deliveries(topic, handler, options, broker.options().getBrokerOptions(),
      broker.counters(), context)
      // delivered after the subscription closed: unacknowledged, so the server requeues it with the channel
      .orphanHandler(left -> unsettled.decrementAndGet())
      // the subscriber's Vert.x was closed without unsubscribing: stop consuming
      .goneHandler(() -> {
        try {
          unsubscribe();
        } catch (RuntimeException e) {
          log.debug("closing the subscription of {} after its Vert.x was closed", topic, e);
        }
      });
    this.setUpContext = ((io.vertx.core.internal.VertxInternal) broker.vertx()).createEventLoopContext();
    this.client = RabbitMQClient.create(broker.vertx(),
      RabbitMqWire.clientOptions(broker.options(), "microvx-subscriber " + topic));
    this.acks = new Acks(client);
  }

  /** Refuses what the topic exchange would read as a pattern, or cannot carry (400). */
  static MicroException checkTopic(String topic, String doing) {
    if (topic == null || topic.isBlank()) {
      return MicroException.badRequest(RabbitMqWire.ID, "%s needs a topic", doing);
    }
    if (topic.indexOf('*') >= 0 || topic.indexOf('#') >= 0) {
      return MicroException.badRequest(RabbitMqWire.ID,
        "topic %s: '*' and '#' are patterns to a RabbitMQ topic exchange, not allowed in topics", topic);
    }
    if (topic.getBytes(StandardCharsets.UTF_8).length > 255) {
      return MicroException.badRequest(RabbitMqWire.ID, "topic %s is longer than RabbitMQ's 255 bytes", topic);
    }
    return null;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public SubscribeOptions options() {
    return new SubscribeOptions(options);
  }

  String queue() {
    return queue;
  }

  /** Connects, declares and binds the queue (again after each reconnect), and starts consuming. */
  Future<Void> start() {
    RabbitMqBrokerOptions brokerOptions = broker.options();
    int prefetch = brokerOptions.getPrefetch() > 0 ? brokerOptions.getPrefetch() : Math.min(options.getMaxInFlight(), 65535);
    JsonObject arguments = options.getProperties().getJsonObject("queue_arguments", new JsonObject());
    // the client does not wait for these callbacks before start() completes: the first connection is set
    // up below, later ones (after a reconnect, before the client restarts the consumer) here
    client.addConnectionEstablishedCallback(ready -> {
      if (generation.incrementAndGet() == 1) {
        ready.complete();
      } else {
        RabbitMqWire.setUpBeforeConsumersRestart(setUpContext, () -> setUp(prefetch, arguments), ready,
          brokerOptions.getConnectTimeout());
      }
    });
    return client.start()
      .recover(e -> {
        RabbitMqWire.safely(client::stop);
        return Future.failedFuture(e instanceof MicroException ? e : RabbitMqWire.connectFailure(brokerOptions.getUri(), e));
      })
      .compose(v -> setUp(prefetch, arguments))
      .compose(v -> client.basicConsumer(queue, new QueueOptions().setAutoAck(false).setMaxInternalQueueSize(prefetch)))
      .onSuccess(made -> {
        consumer = made;
        made.handler(this::received);
      })
      .mapEmpty();
  }

  private Future<Void> setUp(int prefetch, JsonObject arguments) {
    RabbitMqBrokerOptions brokerOptions = broker.options();
    return client.exchangeDeclare(brokerOptions.getExchange(), "topic", brokerOptions.isExchangeDurable(), false)
      .compose(v -> client.queueDeclare(queue, durable, exclusive, !durable, arguments))
      .compose(ok -> client.queueBind(queue, brokerOptions.getExchange(), topic))
      .compose(v -> client.basicQos(prefetch, false));
  }

  private void received(RabbitMQMessage delivery) {
    long tag = delivery.envelope().getDeliveryTag();
    int channel = generation.get();
    Message message = RabbitMqWire.message(delivery.properties(), delivery.body());
    int attempt = RabbitMqWire.attempt(delivery.properties(), delivery.envelope().isRedeliver());
    unsettled.incrementAndGet();
    acks.delivered(channel, tag);
    deliveries.deliver(message, attempt, new AmqpSettler(tag, channel, message, attempt));
  }

  @Override
  public synchronized Future<Void> unsubscribe() {
    if (left != null) {
      return left;
    }
    RabbitMQConsumer current = consumer;
    Promise<Void> done = Promise.promise();
    left = done.future();
    onGone.accept(this);
    Future<Void> cancelled = current == null ? Future.succeededFuture() : RabbitMqWire.safely(current::cancel).recover(e -> Future.succeededFuture());
    cancelled.onComplete(v -> {
      // what waited for a slot is left to the server, which requeues it when the channel closes
      int waiting = deliveries.close().size();
      awaitSettled(waiting, System.currentTimeMillis() + UNSUBSCRIBE_GRACE_MS,
        () -> RabbitMqWire.safely(client::stop).onComplete(x -> done.complete()));
    });
    return left;
  }

  /** Lets the handler's settlements reach the server before the channel closes (else they come again). */
  private void awaitSettled(int waiting, long deadline, Runnable then) {
    if (unsettled.get() <= waiting || System.currentTimeMillis() >= deadline) {
      then.run();
      return;
    }
    broker.vertx().setTimer(10, id -> awaitSettled(waiting, deadline, then));
  }

  private final class AmqpSettler implements Settler {
    private final long tag;
    private final int channel;
    private final Message message;
    private final int attempt;

    AmqpSettler(long tag, int channel, Message message, int attempt) {
      this.tag = tag;
      this.channel = channel;
      this.message = message;
      this.attempt = attempt;
    }

    /** Whether the channel the message came on is gone (the server requeued it, it will come again). */
    private boolean stale() {
      return channel != generation.get() || !client.isConnected();
    }

    private Future<Void> done(Future<Void> settled) {
      return settled.andThen(ar -> unsettled.decrementAndGet());
    }

    @Override
    public Future<Void> ack() {
      if (stale()) {
        unsettled.decrementAndGet();
        return Future.failedFuture(RabbitMqWire.unavailable(
          "the connection this message came on was lost: the server delivers it again"));
      }
      return done(acks.ack(channel, tag));
    }

    @Override
    public Future<Void> nack(Duration delay) {
      Promise<Void> settled = Promise.promise();
      Runnable requeue = () -> {
        if (stale()) {
          settled.complete(); // the server requeued it already
          return;
        }
        broker.send("", queue, message, attempt + 1, 30_000, broker.options().isPersistent())
          .compose(v -> acks.ack(channel, tag))
          .recover(e -> {
            log.debug("republishing a nacked message of {} failed; requeueing it", topic, e);
            return RabbitMqWire.safely(() -> client.basicNack(tag, false, true))
              .andThen(ar -> acks.settledOtherwise(channel, tag));
          })
          .onComplete(settled);
      };
      if (delay.isZero()) {
        requeue.run();
      } else {
        broker.vertx().setTimer(Math.max(1, delay.toMillis()), id -> requeue.run());
      }
      return done(settled.future());
    }

    @Override
    public Future<Void> drop() {
      if (stale()) {
        unsettled.decrementAndGet();
        return Future.succeededFuture();
      }
      return done(RabbitMqWire.safely(() -> client.basicNack(tag, false, false))
        .andThen(ar -> acks.settledOtherwise(channel, tag)));
    }
  }
}
