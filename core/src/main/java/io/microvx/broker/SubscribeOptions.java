package io.microvx.broker;

import io.vertx.core.json.JsonObject;

/**
 * Options of a subscription: the queue group (none: every message to this subscriber), whether a
 * successful handler acknowledges by itself, a durable name (kept across restarts by brokers that can),
 * and how many deliveries may be in flight to the handler at once.
 */
public class SubscribeOptions {

  public static final boolean DEFAULT_AUTO_ACK = true;
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;

  private String queue;
  private boolean autoAck = DEFAULT_AUTO_ACK;
  private String durable;
  private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

  public SubscribeOptions() {
  }

  public SubscribeOptions(SubscribeOptions other) {
    this.queue = other.queue;
    this.autoAck = other.autoAck;
    this.durable = other.durable;
    this.maxInFlight = other.maxInFlight;
  }

  public SubscribeOptions(JsonObject json) {
    this.queue = json.getString("queue");
    this.autoAck = json.getBoolean("auto_ack", DEFAULT_AUTO_ACK);
    this.durable = json.getString("durable");
    if (json.containsKey("max_in_flight")) {
      setMaxInFlight(Integer.parseInt(String.valueOf(json.getValue("max_in_flight"))));
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("auto_ack", autoAck).put("max_in_flight", maxInFlight);
    if (queue != null) {
      json.put("queue", queue);
    }
    if (durable != null) {
      json.put("durable", durable);
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

  public SubscribeOptions setAutoAck(boolean autoAck) {
    this.autoAck = autoAck;
    return this;
  }

  public String getDurable() {
    return durable;
  }

  public SubscribeOptions setDurable(String durable) {
    this.durable = durable;
    return this;
  }

  public int getMaxInFlight() {
    return maxInFlight;
  }

  public SubscribeOptions setMaxInFlight(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max_in_flight must be at least 1: " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    return this;
  }
}
