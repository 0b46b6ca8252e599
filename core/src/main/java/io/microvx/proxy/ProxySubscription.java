package io.microvx.proxy;

import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Delivery;
import io.microvx.broker.Envelope;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * One subscription through the proxy: a WebSocket whose messages go to the handler, at most
 * {@code max_in_flight} at once (beyond, the socket is paused and TCP holds the proxy back). A nacked
 * message is retried here after a doubling back-off. When the proxy goes away (micro server restarted)
 * the subscription connects again, backing off up to {@link #MAX_RECONNECT_MS}.
 */
final class ProxySubscription implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(ProxySubscription.class);
  static final long MAX_RECONNECT_MS = 10_000;

  private final Vertx vertx;
  private final ProxyApi api;
  private final String uri;
  private final String topic;
  private final EventHandler handler;
  private final SubscribeOptions options;
  private final BrokerOptions brokerOptions;
  private final BrokerCounters counters;
  private final Consumer<ProxySubscription> onGone;
  private ClientWebSocket socket;
  private int inFlight;
  private boolean paused;
  private long reconnectDelay = 100;
  private volatile boolean active = true;

  ProxySubscription(Vertx vertx, ProxyApi api, String uri, String topic, EventHandler handler, SubscribeOptions options,
                    BrokerOptions brokerOptions, BrokerCounters counters, Consumer<ProxySubscription> onGone) {
    this.vertx = vertx;
    this.api = api;
    this.uri = uri;
    this.topic = topic;
    this.handler = handler;
    this.options = new SubscribeOptions(options);
    this.brokerOptions = brokerOptions;
    this.counters = counters;
    this.onGone = onGone;
  }

  /** Opens the subscription's socket; completes once the proxy accepted it. */
  Future<Void> connect() {
    return api.webSocket(uri, null, this::attach).mapEmpty();
  }

  /** Sets the socket's handlers before it connects. */
  private synchronized void attach(ClientWebSocket socket) {
    this.socket = socket;
    this.inFlight = 0;
    this.paused = false;
    socket.textMessageHandler(text -> receive(Buffer.buffer(text)));
    socket.binaryMessageHandler(this::receive);
    socket.closeHandler(v -> {
      if (active) {
        log.warn("the proxy closed the subscription to {}: connecting again", topic);
        reconnect();
      }
    });
  }

  private void reconnect() {
    long delay;
    synchronized (this) {
      delay = reconnectDelay;
      reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_MS);
    }
    vertx.setTimer(delay, id -> {
      if (!active) {
        return;
      }
      connect().onSuccess(v -> {
        synchronized (this) {
          reconnectDelay = 100;
        }
        log.info("subscribed to {} again", topic);
      }).onFailure(err -> reconnect());
    });
  }

  private synchronized void receive(Buffer frame) {
    Message message;
    try {
      message = Envelope.decodeMessage(frame).message();
    } catch (MicroException e) {
      counters.dropped.increment();
      log.warn("the proxy sent a message of {} that does not parse: {}", topic, e.detail());
      return;
    }
    inFlight++;
    if (inFlight >= options.getMaxInFlight() && !paused) {
      paused = true;
      socket.pause();
    }
    deliver(message, 1);
  }

  private void deliver(Message message, int attempt) {
    Delivery delivery = new Delivery(topic, message, attempt, ok -> settled(message, attempt, ok));
    Delivery.run(handler, delivery, options.isAutoAck());
  }

  private void settled(Message message, int attempt, boolean ok) {
    if (ok) {
      counters.delivered.increment();
      release();
      return;
    }
    counters.failed.increment();
    if (attempt <= brokerOptions.getRedeliveries() && active) {
      counters.retried.increment();
      long delay = brokerOptions.getRetryBackoff().toMillis() << Math.min(attempt - 1, 16);
      vertx.setTimer(Math.max(1, delay), id -> deliver(message, attempt + 1));
    } else {
      counters.dropped.increment();
      log.warn("dropped a message of {} after {} failed deliveries", topic, attempt);
      release();
    }
  }

  private synchronized void release() {
    inFlight--;
    if (paused && inFlight < options.getMaxInFlight()) {
      paused = false;
      socket.resume();
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
  public Future<Void> unsubscribe() {
    active = false;
    onGone.accept(this);
    ClientWebSocket current;
    synchronized (this) {
      current = socket;
    }
    return current == null ? Future.succeededFuture() : current.close();
  }
}
