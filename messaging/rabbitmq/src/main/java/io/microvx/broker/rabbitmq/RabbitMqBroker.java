package io.microvx.broker.rabbitmq;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerStats;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConfirmation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * go-micro's rabbitmq broker: one connection publishing to the topic exchange with publisher confirms (a
 * publication completes when the server confirmed it), and one connection per subscription (the Vert.x
 * client has one channel per connection, and prefetch and delivery tags are per channel).
 */
final class RabbitMqBroker implements Broker {

  private static final Logger log = LoggerFactory.getLogger(RabbitMqBroker.class);

  private final Vertx vertx;
  private final RabbitMqBrokerOptions options;
  private final BrokerCounters counters = new BrokerCounters();
  private final List<RabbitMqSubscription> subscriptions = new CopyOnWriteArrayList<>();
  /** Publications waiting for the server's confirm, by delivery tag of the current channel. */
  private final ConcurrentNavigableMap<Long, Promise<Void>> unconfirmed = new ConcurrentSkipListMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  /**
   * Where every publication is handed to the client: the client reads the next delivery tag and publishes
   * in one blocking task, so tasks must not overlap (ordered tasks of one context do not).
   */
  private final ContextInternal publishContext;
  /** Where a reconnected channel is set up (see {@link RabbitMqWire#setUpBeforeConsumersRestart}). */
  private final ContextInternal setUpContext;
  private volatile RabbitMQClient client;
  private volatile Future<Void> connected;
  private volatile boolean closed;

  RabbitMqBroker(Vertx vertx, RabbitMqBrokerOptions options) {
    this.vertx = vertx;
    this.options = new RabbitMqBrokerOptions(options);
    this.publishContext = ((VertxInternal) vertx).createEventLoopContext();
    this.setUpContext = ((VertxInternal) vertx).createEventLoopContext();
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public String address() {
    URI uri = URI.create(options.getUri());
    return uri.getHost() + ":" + (uri.getPort() < 0 ? (options.isTls() ? 5671 : 5672) : uri.getPort());
  }

  RabbitMqBrokerOptions options() {
    return options;
  }

  BrokerCounters counters() {
    return counters;
  }

  Vertx vertx() {
    return vertx;
  }

  @Override
  public synchronized Future<Void> connect() {
    if (closed) {
      return Future.failedFuture(RabbitMqWire.unavailable("this rabbitmq broker was disconnected: make a new one"));
    }
    if (connected != null) {
      return connected;
    }
    RabbitMQClient made = RabbitMQClient.create(vertx, RabbitMqWire.clientOptions(options, "microvx-publisher"));
    // the client runs these callbacks without waiting for them before start() completes: the first
    // connection is set up below, later ones (after a reconnect) here
    made.addConnectionEstablishedCallback(ready -> {
      if (connections.incrementAndGet() == 1) {
        ready.complete();
        return;
      }
      // the tags of the lost channel will never be confirmed: their publications are in doubt
      failUnconfirmed("the connection to rabbitmq was lost before the server confirmed the message");
      log.info("reconnected to rabbitmq at {}", RabbitMqWire.where(options.getUri()));
      RabbitMqWire.setUpBeforeConsumersRestart(setUpContext, () -> setUp(made), ready, options.getConnectTimeout());
    });
    client = made;
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    Promise<Void> done = caller.promise();
    made.start().compose(v -> setUp(made)).onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete();
      } else {
        MicroException failure = RabbitMqWire.connectFailure(options.getUri(), ar.cause());
        log.debug("connecting to rabbitmq failed", ar.cause());
        synchronized (this) {
          connected = null;
        }
        RabbitMqWire.safely(made::stop);
        done.fail(failure);
      }
    });
    connected = done.future();
    return connected;
  }

  /** Declares the exchange and turns publisher confirms on, on the connection's channel. */
  private Future<Void> setUp(RabbitMQClient made) {
    return made.exchangeDeclare(options.getExchange(), "topic", options.isExchangeDurable(), false)
      .compose(v -> made.confirmSelect())
      .compose(v -> made.addConfirmListener(Integer.MAX_VALUE))
      .onSuccess(stream -> stream.handler(this::confirmed))
      .mapEmpty();
  }

  @Override
  public Future<Void> disconnect() {
    RabbitMQClient current;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      current = client;
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    List<Future<Void>> leaving = subscriptions.stream().map(RabbitMqSubscription::unsubscribe).toList();
    Promise<Void> done = caller.promise();
    Future.join(leaving)
      .transform(v -> current == null ? Future.succeededFuture() : RabbitMqWire.safely(current::stop).recover(e -> Future.succeededFuture()))
      .onComplete(v -> {
        failUnconfirmed("the broker was disconnected before the server confirmed the message");
        done.complete();
      });
    return done.future();
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions publishOptions) {
    MicroException bad = RabbitMqSubscription.checkTopic(topic, "publishing");
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    return send(options.getExchange(), topic, message, 1, publishOptions.getTimeout().toMillis(),
      publishOptions.getProperties().getBoolean("persistent", options.isPersistent()))
      .onSuccess(v -> counters.published.increment());
  }

  /** Hands a message to the server and completes, on the caller's context, once the server confirmed it. */
  Future<Void> send(String exchange, String routingKey, Message message, int attempt, long timeoutMs, boolean persistent) {
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    Promise<Void> confirmed = caller.promise();
    RabbitMQClient current = client;
    if (closed) {
      return Future.failedFuture(RabbitMqWire.unavailable("the rabbitmq broker is disconnected"));
    }
    if (current == null || connected == null || !connected.succeeded() || !current.isConnected()) {
      return Future.failedFuture(RabbitMqWire.unavailable("rabbitmq at %s is not connected",
        RabbitMqWire.where(options.getUri())));
    }
    long[] tag = {-1};
    long timer = vertx.setTimer(timeoutMs, id -> {
      if (tag[0] >= 0) {
        unconfirmed.remove(tag[0], confirmed);
      }
      confirmed.tryFail(new MicroException(RabbitMqWire.ID,
        "rabbitmq did not confirm the message within " + timeoutMs + " ms", 408));
    });
    confirmed.future().onComplete(ar -> vertx.cancelTimer(timer));
    publishContext.runOnContext(v -> RabbitMqWire.safely(() -> current.basicPublishWithDeliveryTag(exchange, routingKey,
        RabbitMqWire.properties(message, persistent, attempt), message.body(), deliveryTag -> {
          tag[0] = deliveryTag;
          unconfirmed.put(deliveryTag, confirmed);
        }))
      .onFailure(e -> {
        if (tag[0] >= 0) {
          unconfirmed.remove(tag[0], confirmed);
        }
        log.debug("publishing to rabbitmq failed", e);
        confirmed.tryFail(new MicroException(RabbitMqWire.ID, "rabbitmq at " + RabbitMqWire.where(options.getUri())
          + " did not take the message: " + e.getMessage(), 503, e));
      }));
    return confirmed.future();
  }

  private void confirmed(RabbitMQConfirmation confirmation) {
    Map<Long, Promise<Void>> settled = confirmation.isMultiple()
      ? unconfirmed.headMap(confirmation.getDeliveryTag(), true)
      : unconfirmed.subMap(confirmation.getDeliveryTag(), true, confirmation.getDeliveryTag(), true);
    for (Long tag : List.copyOf(settled.keySet())) {
      Promise<Void> promise = unconfirmed.remove(tag);
      if (promise == null) {
        continue;
      }
      if (confirmation.isSucceeded()) {
        promise.tryComplete();
      } else {
        promise.tryFail(RabbitMqWire.unavailable("rabbitmq refused the message (basic.nack)"));
      }
    }
  }

  private void failUnconfirmed(String why) {
    for (Long tag : List.copyOf(unconfirmed.keySet())) {
      Promise<Void> promise = unconfirmed.remove(tag);
      if (promise != null) {
        promise.tryFail(RabbitMqWire.unavailable(why));
      }
    }
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions subscribeOptions) {
    MicroException bad = RabbitMqSubscription.checkTopic(topic, "subscribing");
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    if (closed) {
      return Future.failedFuture(RabbitMqWire.unavailable("the rabbitmq broker is disconnected"));
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    RabbitMqSubscription subscription = new RabbitMqSubscription(this, topic, handler,
      new SubscribeOptions(subscribeOptions), caller, subscriptions::remove);
    subscriptions.add(subscription);
    Promise<Subscriber> done = caller.promise();
    subscription.start().onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete(subscription);
      } else {
        subscriptions.remove(subscription);
        done.fail(ar.cause());
      }
    });
    return done.future();
  }

  @Override
  public BrokerStats stats() {
    return counters.snapshot();
  }
}
