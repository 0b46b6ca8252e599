package io.microvx.proxy;

import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Envelope;
import io.microvx.broker.Event;
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

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscription through the proxy: a WebSocket whose messages go to the handler, at most
 * {@code max_in_flight} at once (beyond, the socket is paused and TCP holds the proxy back). A failed
 * handler is retried here after a doubling back-off.
 */
final class ProxySubscription implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(ProxySubscription.class);

  private final Vertx vertx;
  private final String topic;
  private final EventHandler handler;
  private final SubscribeOptions options;
  private final BrokerOptions brokerOptions;
  private final BrokerCounters counters;
  private ClientWebSocket socket;
  private int inFlight;
  private boolean paused;
  private volatile boolean active = true;

  ProxySubscription(Vertx vertx, String topic, EventHandler handler, SubscribeOptions options,
                    BrokerOptions brokerOptions, BrokerCounters counters) {
    this.vertx = vertx;
    this.topic = topic;
    this.handler = handler;
    this.options = new SubscribeOptions(options);
    this.brokerOptions = brokerOptions;
    this.counters = counters;
  }

  /** Sets the socket's handlers before it connects. */
  void attach(ClientWebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(text -> receive(Buffer.buffer(text)));
    socket.binaryMessageHandler(this::receive);
    socket.closeHandler(v -> {
      if (active) {
        log.warn("the proxy closed the subscription to {}", topic);
      }
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
    Event event = new ProxyEvent(topic, message);
    AtomicBoolean settled = new AtomicBoolean();
    Future<Void> handled;
    try {
      handled = handler.handle(event);
      handled = handled == null ? Future.succeededFuture() : handled;
    } catch (RuntimeException e) {
      handled = Future.failedFuture(e);
    }
    handled.onComplete(ar -> {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      if (ar.succeeded()) {
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
    });
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
    return socket == null ? Future.succeededFuture() : socket.close();
  }

  /** The proxy acknowledges on sending, so acks and nacks here only settle the handler's outcome. */
  private record ProxyEvent(String topic, Message message) implements Event {
    @Override
    public Future<Void> ack() {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> nack() {
      return Future.failedFuture("nacked");
    }
  }
}
