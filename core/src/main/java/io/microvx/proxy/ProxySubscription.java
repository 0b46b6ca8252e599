package io.microvx.proxy;

import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Deliveries;
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
 * message is retried here after a doubling back-off ({@link Deliveries}). When the proxy goes away (micro
 * server restarted) the subscription connects again, backing off up to {@link #MAX_RECONNECT_MS}; a
 * durable subscription then gets what the proxy's broker kept for it meanwhile.
 */
final class ProxySubscription implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(ProxySubscription.class);
  static final long MAX_RECONNECT_MS = 10_000;

  private final Vertx vertx;
  private final ProxyApi api;
  private final String uri;
  private final String topic;
  private final SubscribeOptions options;
  private final BrokerCounters counters;
  private final Deliveries deliveries;
  private final Consumer<ProxySubscription> onGone;
  private ClientWebSocket socket;
  private boolean paused;
  private long reconnectDelay = 100;
  private volatile boolean active = true;

  ProxySubscription(Vertx vertx, ProxyApi api, String uri, String topic, EventHandler handler, SubscribeOptions options,
                    BrokerOptions brokerOptions, BrokerCounters counters, Consumer<ProxySubscription> onGone) {
    this.vertx = vertx;
    this.api = api;
    this.uri = uri;
    this.topic = topic;
    this.options = new SubscribeOptions(options);
    this.counters = counters;
    this.onGone = onGone;
    this.deliveries = new Deliveries(topic, handler, options, brokerOptions, counters, vertx.getOrCreateContext())
      .roomHandler(this::resumeIfRoom);
  }

  /** Opens the subscription's socket; completes once the proxy accepted it. */
  Future<Void> connect() {
    return api.webSocket(uri, null, this::attach).mapEmpty();
  }

  /** Sets the socket's handlers before it connects. */
  private synchronized void attach(ClientWebSocket socket) {
    this.socket = socket;
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

  private void receive(Buffer frame) {
    Message message;
    try {
      message = Envelope.decodeMessage(frame).message();
    } catch (MicroException e) {
      counters.dropped.increment();
      log.warn("the proxy sent a message of {} that does not parse: {}", topic, e.detail());
      return;
    }
    deliveries.deliver(message, 1);
    synchronized (this) {
      if (!paused && !deliveries.hasRoom()) {
        paused = true;
        socket.pause();
      }
    }
  }

  private synchronized void resumeIfRoom() {
    if (paused && deliveries.hasRoom()) {
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
    deliveries.close();
    return current == null ? Future.succeededFuture() : current.close();
  }
}
