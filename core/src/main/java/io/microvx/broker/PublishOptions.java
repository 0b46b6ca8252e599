package io.microvx.broker;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Options of one publication: how long the broker may take to accept it, a key (the Kafka partition key;
 * an AMQP routing refinement), and settings only one broker plugin understands.
 */
public class PublishOptions {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private Duration timeout = DEFAULT_TIMEOUT;
  private String key;
  private JsonObject properties = new JsonObject();

  public PublishOptions() {
  }

  public PublishOptions(PublishOptions other) {
    this.timeout = other.timeout;
    this.key = other.key;
    this.properties = other.properties.copy();
  }

  public PublishOptions(JsonObject json) {
    if (json.containsKey("timeout")) {
      setTimeout(Durations.parse(json.getValue("timeout")));
    }
    this.key = json.getString("key");
    JsonObject given = json.getJsonObject("properties");
    this.properties = given == null ? new JsonObject() : given.copy();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("timeout", Durations.format(timeout));
    if (key != null) {
      json.put("key", key);
    }
    if (!properties.isEmpty()) {
      json.put("properties", properties.copy());
    }
    return json;
  }

  public Duration getTimeout() {
    return timeout;
  }

  /** How long the broker may take to accept the message; beyond, publishing fails with 408 or 503. */
  public PublishOptions setTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("publish timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  public String getKey() {
    return key;
  }

  /** Messages with one key stay in order where the broker partitions (Kafka); null: no key. */
  public PublishOptions setKey(String key) {
    this.key = key;
    return this;
  }

  /** Settings for one broker plugin, as its page lists them. */
  public JsonObject getProperties() {
    return properties;
  }

  public PublishOptions setProperties(JsonObject properties) {
    this.properties = properties == null ? new JsonObject() : properties;
    return this;
  }

  public PublishOptions putProperty(String name, Object value) {
    properties.put(name, value);
    return this;
  }
}
