package io.microvx.nats;

import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.BrokerStats;
import io.microvx.broker.Envelope;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The NATS broker: core publications for topics without a stream (at most once, as go-micro's NATS broker),
 * JetStream publications, acknowledged before the publish completes, for topics with one. Subscriptions
 * are {@link CoreSubscription}s, or {@link DurableSubscription}s when they name a durable.
 */
final class DefaultNatsBroker implements NatsBroker {

  static final String ID = "go.micro.broker";
  private static final Logger log = LoggerFactory.getLogger(DefaultNatsBroker.class);

  private final Vertx vertx;
  private final NatsOptions options;
  private final BrokerOptions brokerOptions;
  private final BrokerCounters counters = new BrokerCounters();
  private final NatsConnector.ConnectionEvents events = new NatsConnector.ConnectionEvents("broker", counters.dropped);
  private final Set<Subscriber> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile Connection connection;
  private volatile JetStream jetStream;
  private volatile JetStreams streams;
  private Future<Void> connecting;

  DefaultNatsBroker(Vertx vertx, NatsOptions options, BrokerOptions brokerOptions) {
    this.vertx = vertx;
    this.options = new NatsOptions(options);
    this.brokerOptions = new BrokerOptions(brokerOptions);
  }

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public String address() {
    Connection c = connection;
    String url = c == null ? null : c.getConnectedUrl();
    return url != null ? url : String.join(",", options.getServers());
  }

  @Override
  public synchronized Future<Void> connect() {
    if (connecting == null) {
      connecting = NatsConnector.connect(vertx, options, events, true).map(c -> {
        streams = new JetStreams(c, options);
        jetStream = jetStream(c);
        connection = c;
        return (Void) null;
      });
      Future<Void> attempt = connecting;
      attempt.onFailure(e -> {
        synchronized (this) {
          if (connecting == attempt) {
            connecting = null; // a later connect() tries again
          }
        }
      });
    }
    return connecting;
  }

  private static JetStream jetStream(Connection c) {
    try {
      return c.jetStream();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @Override
  public Future<Void> disconnect() {
    Connection c;
    synchronized (this) {
      c = connection;
      connection = null;
      connecting = null;
    }
    if (c == null) {
      return Future.succeededFuture();
    }
    List<Future<Void>> leaving = subscriptions.stream().map(Subscriber::unsubscribe).toList();
    return Future.join(leaving).transform(ar -> vertx.executeBlocking(() -> {
      try {
        c.flush(Duration.ofSeconds(5)); // what was accepted (acks included) goes out first
      } catch (Exception e) {
        log.debug("flush before closing failed", e);
      }
      c.close();
      return null;
    }, false));
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions publishOptions) {
    MicroException refused = Subjects.refused(ID, topic);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    Connection c = connection;
    if (c == null) {
      return Future.failedFuture(NatsConnector.unavailable("the NATS broker is not connected"));
    }
    byte[] payload = Envelope.encodeBytes(null, message);
    if (payload.length > c.getMaxPayload()) {
      return Future.failedFuture(new MicroException(ID, String.format(
        "the message is %d bytes, more than the NATS server's max_payload of %d", payload.length, c.getMaxPayload()), 413));
    }
    Boolean streamed = streams.known(topic);
    if (Boolean.FALSE.equals(streamed)) {
      return publishCore(c, topic, payload);
    }
    if (Boolean.TRUE.equals(streamed)) {
      return publishStreamed(c, topic, message, payload, publishOptions);
    }
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<Void> promise = context.promise();
    streams.streamed(topic).onComplete(ar -> {
      if (ar.failed()) {
        // not knowing whether JetStream keeps the topic, publishing without its acknowledgement could lose it
        promise.fail(c.getStatus() != Connection.Status.CONNECTED
          ? NatsConnector.unavailable("NATS is unreachable (%s)", c.getStatus())
          : NatsConnector.unavailable("cannot tell whether %s has a JetStream stream: %s", topic, ar.cause().getMessage()));
      } else {
        (ar.result() ? publishStreamed(c, topic, message, payload, publishOptions) : publishCore(c, topic, payload))
          .onComplete(promise);
      }
    });
    return promise.future();
  }

  private Future<Void> publishCore(Connection c, String topic, byte[] payload) {
    try {
      c.publish(topic, payload);
    } catch (IllegalStateException e) {
      return Future.failedFuture(NatsConnector.unavailable("NATS is unreachable (%s): %s", c.getStatus(), e.getMessage()));
    }
    counters.published.increment();
    return Future.succeededFuture();
  }

  /** Through JetStream: done once the stream acknowledged; nothing is queued while disconnected. */
  private Future<Void> publishStreamed(Connection c, String topic, Message message, byte[] payload,
                                       PublishOptions publishOptions) {
    if (c.getStatus() != Connection.Status.CONNECTED || jetStream == null) {
      return Future.failedFuture(NatsConnector.unavailable("NATS is unreachable (%s)", c.getStatus()));
    }
    Headers headers = null;
    String id = message.header("Micro-Id");
    if (id != null) {
      headers = new Headers().put("Nats-Msg-Id", id); // a publication tried again is stored once
    }
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<Void> promise = context.promise();
    CompletableFuture<PublishAck> acked;
    try {
      acked = jetStream.publishAsync(topic, headers, payload);
    } catch (RuntimeException e) {
      return Future.failedFuture(NatsConnector.unavailable("NATS is unreachable (%s): %s", c.getStatus(), e.getMessage()));
    }
    Duration timeout = publishOptions.getTimeout();
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      // failed first: cancelling completes the future, whose callback would otherwise fail it as "refused"
      promise.tryFail(NatsConnector.unavailable("JetStream did not acknowledge a message of %s within %s", topic, timeout));
      acked.cancel(false);
    });
    acked.whenComplete((ack, failure) -> {
      vertx.cancelTimer(timer);
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause == null) {
        counters.published.increment();
        promise.tryComplete();
      } else if (JetStreams.noResponders(cause)) {
        // JetStream not (yet) answering, as while a restarted server loads its streams, or the stream was
        // removed: refused, not published without a stream, which could lose it
        promise.tryFail(NatsConnector.unavailable("JetStream does not answer for %s", topic));
      } else {
        promise.tryFail(NatsConnector.unavailable("JetStream refused a message of %s: %s", topic, cause.getMessage()));
      }
    });
    return promise.future();
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions subscribeOptions) {
    MicroException refused = Subjects.refused(ID, topic);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    Connection c = connection;
    if (c == null) {
      return Future.failedFuture(NatsConnector.unavailable("the NATS broker is not connected"));
    }
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<Subscriber> promise = context.promise();
    Future<? extends Subscriber> made = subscribeOptions.getDurable() != null
      ? DurableSubscription.start(vertx, c, streams, topic, handler, subscribeOptions, brokerOptions, counters, context,
          subscriptions::remove)
      : CoreSubscription.start(vertx, c, topic, handler, subscribeOptions, brokerOptions, counters, context,
          subscriptions::remove);
    made.onComplete(ar -> {
      if (ar.succeeded()) {
        subscriptions.add(ar.result());
        promise.complete(ar.result());
      } else {
        Throwable cause = ar.cause();
        promise.fail(cause instanceof MicroException ? cause
          : NatsConnector.unavailable("cannot subscribe to %s: %s", topic, cause.getMessage()));
      }
    });
    return promise.future();
  }

  @Override
  public BrokerStats stats() {
    return counters.snapshot().withConnection(state().toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public String state() {
    Connection c = connection;
    return c == null ? "DISCONNECTED" : c.getStatus().name();
  }

  @Override
  public long disconnects() {
    return events.disconnects.get();
  }
}
