package io.microvx.broker;

import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Objects;

/**
 * Options of a subscription: the queue group (none: every message to this subscriber), whether a
 * successful handler acknowledges by itself, a durable name, how many deliveries may be with the handler
 * at once, and settings only one broker plugin understands.
 *
 * <p>A <b>durable</b> subscription names state kept on the broker, shared by the queue group when there is
 * one: it survives an unsubscribe, a disconnect, a restart of the subscribing process and a restart of the
 * broker, and a subscriber coming back under that name gets what was published meanwhile. A new durable
 * starts with the messages published after it was made. Each broker's page says how it maps the name (a
 * JetStream consumer, a RabbitMQ queue, a Kafka {@code group.id}) and how to remove it; a broker that cannot
 * keep messages for absent subscribers refuses a durable subscription (501) rather than ignore it.
 *
 * <p>A message whose deadline ({@link Deadlines}) passed before delivery is acknowledged without reaching
 * the handler and counted ({@code drop_expired}, on by default), read by the subscription's clock (the
 * system's UTC clock unless a test sets one; it is not part of the JSON form).
 */
public class SubscribeOptions {

  public static final boolean DEFAULT_AUTO_ACK = true;
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;
  public static final boolean DEFAULT_DROP_EXPIRED = true;

  private String queue;
  private boolean autoAck = DEFAULT_AUTO_ACK;
  private String durable;
  private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
  private JsonObject properties = new JsonObject();
  private boolean dropExpired = DEFAULT_DROP_EXPIRED;
  private Clock clock = Clock.systemUTC();

  public SubscribeOptions() {
  }

  public SubscribeOptions(SubscribeOptions other) {
    this.queue = other.queue;
    this.autoAck = other.autoAck;
    this.durable = other.durable;
    this.maxInFlight = other.maxInFlight;
    this.properties = other.properties.copy();
    this.dropExpired = other.dropExpired;
    this.clock = other.clock;
  }

  public SubscribeOptions(JsonObject json) {
    setQueue(json.getString("queue"));
    this.autoAck = json.getBoolean("auto_ack", DEFAULT_AUTO_ACK);
    setDurable(json.getString("durable"));
    if (json.containsKey("max_in_flight")) {
      setMaxInFlight(Integer.parseInt(String.valueOf(json.getValue("max_in_flight"))));
    }
    JsonObject given = json.getJsonObject("properties");
    this.properties = given == null ? new JsonObject() : given.copy();
    Object drop = json.getValue("drop_expired");
    this.dropExpired = drop == null ? DEFAULT_DROP_EXPIRED : Boolean.parseBoolean(String.valueOf(drop));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("auto_ack", autoAck).put("max_in_flight", maxInFlight)
      .put("drop_expired", dropExpired);
    if (queue != null) {
      json.put("queue", queue);
    }
    if (durable != null) {
      json.put("durable", durable);
    }
    if (!properties.isEmpty()) {
      json.put("properties", properties.copy());
    }
    return json;
  }

  public String getQueue() {
    return queue;
  }

  /** The queue group: each message goes to one member of it. */
  public SubscribeOptions setQueue(String queue) {
    this.queue = queue == null || queue.isBlank() ? null : queue;
    return this;
  }

  public boolean isAutoAck() {
    return autoAck;
  }

  /** Off: the handler settles each event itself with {@link Event#ack()} or {@link Event#nack()}. */
  public SubscribeOptions setAutoAck(boolean autoAck) {
    this.autoAck = autoAck;
    return this;
  }

  public String getDurable() {
    return durable;
  }

  /** The name of the state the broker keeps for this subscription (see the class comment); null for none. */
  public SubscribeOptions setDurable(String durable) {
    this.durable = durable == null || durable.isBlank() ? null : durable;
    return this;
  }

  public int getMaxInFlight() {
    return maxInFlight;
  }

  /** Deliveries with this subscriber's handler at once, at most (per {@link Subscriber}). */
  public SubscribeOptions setMaxInFlight(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max_in_flight must be at least 1: " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    return this;
  }

  /** Settings for one broker plugin (an ack wait, an exchange, an offset reset), as its page lists them. */
  public JsonObject getProperties() {
    return properties;
  }

  public SubscribeOptions setProperties(JsonObject properties) {
    this.properties = properties == null ? new JsonObject() : properties;
    return this;
  }

  public SubscribeOptions putProperty(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  public boolean isDropExpired() {
    return dropExpired;
  }

  /**
   * On (the default): a message whose deadline passed before delivery is acknowledged unhandled and counted
   * as expired. Off: it is handed over like any other, and the handler may read its deadline itself.
   */
  public SubscribeOptions setDropExpired(boolean dropExpired) {
    this.dropExpired = dropExpired;
    return this;
  }

  public Clock getClock() {
    return clock;
  }

  /** The clock message deadlines are read by; the system's UTC clock by default (tests set their own). */
  public SubscribeOptions setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }
}
