package io.microvx.nats;

import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.Deliveries;
import io.microvx.broker.Envelope;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.Settler;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.MessageConsumer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A durable subscription: a JetStream durable consumer named after {@code durable}, pulled by every
 * subscriber that names it (so a queue group shares one). Explicit acknowledgements; a nack is a
 * {@code NAK} with the delay; {@link io.microvx.broker.Event#attempt()} is JetStream's delivery count;
 * {@code max_in_flight} is the consumer's {@code MaxAckPending}, so JetStream never hands more out at once.
 */
final class DurableSubscription implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(DurableSubscription.class);
  private static final byte[] ACK = "+ACK".getBytes(StandardCharsets.US_ASCII);
  /** How long one pull stays open at the server. */
  private static final Duration PULL_EXPIRY = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Connection connection;
  private final String topic;
  private final SubscribeOptions options;
  private final BrokerCounters counters;
  private final Deliveries deliveries;
  private final Consumer<Subscriber> onGone;
  private volatile Dispatcher dispatcher;
  private volatile MessageConsumer consumer;
  private Future<Void> leaving;

  private DurableSubscription(Vertx vertx, Connection connection, String topic, EventHandler handler,
                              SubscribeOptions options, BrokerOptions brokerOptions, BrokerCounters counters,
                              Context context, Consumer<Subscriber> onGone) {
    this.vertx = vertx;
    this.connection = connection;
    this.topic = topic;
    this.options = new SubscribeOptions(options);
    this.counters = counters;
    this.onGone = onGone;
    this.deliveries = new Deliveries(topic, handler, options, brokerOptions, counters, context)
      // arriving (or nacked) after the unsubscribe: back to JetStream at once, for the others or for later
      .orphanHandler(left -> left.settler().nack(Duration.ZERO))
      .goneHandler(this::unsubscribe);
  }

  /** Finds or makes the stream and the consumer, then starts pulling; on a worker thread. */
  static Future<DurableSubscription> start(Vertx vertx, Connection connection, JetStreams streams, String topic,
                                           EventHandler handler, SubscribeOptions options, BrokerOptions brokerOptions,
                                           BrokerCounters counters, Context context, Consumer<Subscriber> onGone) {
    DurableSubscription subscription = new DurableSubscription(vertx, connection, topic, handler, options, brokerOptions,
      counters, context, onGone);
    return vertx.executeBlocking(() -> {
      String stream = streams.ensureStream(topic);
      String name = Subjects.name("", options.getDurable());
      streams.ensureConsumer(stream, name, topic, options.getMaxInFlight());
      ConsumerContext consumerContext = connection.getConsumerContext(stream, name);
      Dispatcher d = connection.createDispatcher();
      subscription.dispatcher = d;
      // pulls that expire after 5 s (heartbeats every 2.5 s): after a server restart, which forgets open
      // pulls, jnats notices the silence and pulls again within seconds rather than the default's 45
      ConsumeOptions pull = ConsumeOptions.builder().batchSize(Math.max(1, options.getMaxInFlight()))
        .expiresIn(PULL_EXPIRY.toMillis()).build();
      subscription.consumer = consumerContext.consume(pull, d, subscription::receive);
      return subscription;
    }, false);
  }

  /** On the dispatcher's thread. */
  private void receive(io.nats.client.Message received) {
    Message message;
    try {
      message = Envelope.decodeMessage(received.getData()).message();
    } catch (MicroException e) {
      counters.dropped.increment();
      log.warn("terminated a message of {} that is not a go-micro envelope: {}", topic, e.detail());
      received.term();
      return;
    }
    int attempt = (int) Math.min(Integer.MAX_VALUE, received.metaData().deliveredCount());
    deliveries.deliver(message, attempt, new JetStreamSettler(received));
  }

  /** Settles one JetStream delivery; an ack waits for JetStream's confirmation. */
  private final class JetStreamSettler implements Settler {
    private final io.nats.client.Message received;

    JetStreamSettler(io.nats.client.Message received) {
      this.received = received;
    }

    @Override
    public Future<Void> ack() {
      Promise<Void> promise = Promise.promise();
      try {
        connection.requestWithTimeout(received.getReplyTo(), ACK, Duration.ofSeconds(10)).whenComplete((reply, failure) -> {
          if (failure == null) {
            promise.tryComplete();
          } else {
            promise.tryFail(NatsConnector.unavailable("JetStream did not confirm an acknowledgement on %s: %s", topic,
              failure.getClass().getSimpleName()));
          }
        });
      } catch (RuntimeException e) {
        promise.tryFail(NatsConnector.unavailable("cannot acknowledge on %s: %s", topic, e.getMessage()));
      }
      return promise.future();
    }

    @Override
    public Future<Void> nack(Duration delay) {
      return settle(() -> {
        if (delay.isZero()) {
          received.nak();
        } else {
          received.nakWithDelay(delay);
        }
      });
    }

    @Override
    public Future<Void> drop() {
      return settle(received::term);
    }

    private Future<Void> settle(Runnable action) {
      try {
        action.run();
        return Future.succeededFuture();
      } catch (RuntimeException e) {
        return Future.failedFuture(NatsConnector.unavailable("cannot settle a message of %s: %s", topic, e.getMessage()));
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

  /** Stops pulling; the durable consumer stays, with what it has not delivered yet. */
  @Override
  public synchronized Future<Void> unsubscribe() {
    if (leaving == null) {
      onGone.accept(this);
      MessageConsumer c = consumer;
      Dispatcher d = dispatcher;
      leaving = Blocking.quietly(vertx, () -> {
        // what waited for the handler goes back to JetStream now rather than after the ack wait
        deliveries.close().forEach(left -> left.settler().nack(Duration.ZERO));
        if (c != null) {
          c.stop();
          // the open pull still takes what is published until it expires: let it end here, where what it
          // brings is nacked back at once (the orphan handler), rather than lose it to a closed dispatcher
          // until the ack wait (30 s) runs out
          long until = System.nanoTime() + PULL_EXPIRY.plusSeconds(1).toNanos();
          try {
            while (!c.isFinished() && System.nanoTime() < until) {
              Thread.sleep(50);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (c != null) {
          try {
            c.close();
          } catch (Exception e) {
            log.debug("closing the consumer of {} failed", topic, e);
          }
        }
        if (d != null && d.isActive()) {
          connection.closeDispatcher(d);
        }
      });
    }
    return leaving;
  }
}
