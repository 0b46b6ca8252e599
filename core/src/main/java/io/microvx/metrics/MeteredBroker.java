package io.microvx.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.microvx.broker.Broker;
import io.microvx.broker.Event;
import io.microvx.broker.EventHandler;
import io.microvx.broker.ForwardingBroker;
import io.microvx.broker.ForwardingEvent;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A broker whose publications ({@code micro_broker_published_total} by topic and status) and deliveries
 * (delivered, redelivered, acked, nacked by topic) are counted; everything else is the broker's own.
 */
final class MeteredBroker extends ForwardingBroker {

  static final String PREFIX = "micro.broker.";

  /** The counters of one topic, made on first use. */
  private final class Topic {
    final String name;
    final Counter published;
    final Counter delivered;
    final Counter redelivered;
    final Counter acked;
    final Counter nacked;
    final ConcurrentHashMap<Integer, Counter> failedPublishes = new ConcurrentHashMap<>();

    Topic(String name) {
      this.name = name;
      this.published = published(name, LatencyMeters.OK);
      this.delivered = counter("delivered", "Messages delivered to this service's subscribers", name);
      this.redelivered = counter("redelivered", "Deliveries that were not a message's first", name);
      this.acked = counter("acked", "Deliveries the subscriber acknowledged", name);
      this.nacked = counter("nacked", "Deliveries the subscriber rejected for redelivery", name);
    }

    void publishedWith(int status) {
      (status == LatencyMeters.OK ? published : failedPublishes.computeIfAbsent(status, s -> published(name, s)))
        .increment();
    }
  }

  private final MeterRegistry registry;
  private final SeriesLimit limit;
  private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();

  MeteredBroker(Broker broker, MeterRegistry registry, SeriesLimit limit) {
    super(broker);
    this.registry = registry;
    this.limit = limit;
  }

  private Counter published(String topic, int status) {
    return Counter.builder(PREFIX + "published")
      .description("Messages this service published, by topic and status (200: the broker accepted it)")
      .tags("topic", topic, "status", Integer.toString(status))
      .register(registry);
  }

  private Counter counter(String name, String description, String topic) {
    return Counter.builder(PREFIX + name).description(description).tag("topic", topic).register(registry);
  }

  /** Per topic: messages published (accepted), delivered, redelivered, acked and nacked. */
  Map<String, Object> summary() {
    Map<String, Object> summary = new TreeMap<>();
    topics.forEach((name, topic) -> {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("published", (long) topic.published.count());
      counts.put("delivered", (long) topic.delivered.count());
      counts.put("redelivered", (long) topic.redelivered.count());
      counts.put("acked", (long) topic.acked.count());
      counts.put("nacked", (long) topic.nacked.count());
      summary.put(name, counts);
    });
    return summary;
  }

  private Topic topic(String name) {
    return limit.get(topics, name, Topic::new, null);
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions options) {
    Topic meters = topic(topic);
    Future<Void> published = broker.publish(topic, message, options);
    return meters == null ? published : published.andThen(ar -> meters.publishedWith(LatencyMeters.status(ar.cause())));
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions options) {
    Topic meters = topic(topic);
    if (meters == null) {
      return broker.subscribe(topic, handler, options);
    }
    boolean autoAck = options.isAutoAck();
    return broker.subscribe(topic, event -> {
      meters.delivered.increment();
      if (event.attempt() > 1) {
        meters.redelivered.increment();
      }
      CountedEvent counted = new CountedEvent(event, meters);
      Future<Void> handled;
      try {
        handled = handler.handle(counted);
      } catch (RuntimeException e) {
        counted.settled(false);
        throw e;
      }
      // the broker settles by the handler's outcome with autoAck, and nacks a failed handler without it
      return handled.andThen(ar -> {
        if (ar.failed() || autoAck) {
          counted.settled(ar.succeeded());
        }
      });
    }, options);
  }

  /** An event whose first settlement, by the handler or by the broker for it, is counted. */
  private static final class CountedEvent extends ForwardingEvent {
    private final Topic meters;
    private final AtomicBoolean settled = new AtomicBoolean();

    CountedEvent(Event event, Topic meters) {
      super(event);
      this.meters = meters;
    }

    void settled(boolean acked) {
      if (settled.compareAndSet(false, true)) {
        (acked ? meters.acked : meters.nacked).increment();
      }
    }

    @Override
    public Future<Void> ack() {
      settled(true);
      return event.ack();
    }

    @Override
    public Future<Void> nack() {
      settled(false);
      return event.nack();
    }

    @Override
    public Future<Void> nack(Duration delay) {
      settled(false);
      return event.nack(delay);
    }
  }
}
