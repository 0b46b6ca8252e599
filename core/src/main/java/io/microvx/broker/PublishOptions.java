package io.microvx.broker;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/** Options of one publication: how long the broker may take to accept it. */
public class PublishOptions {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private Duration timeout = DEFAULT_TIMEOUT;

  public PublishOptions() {
  }

  public PublishOptions(PublishOptions other) {
    this.timeout = other.timeout;
  }

  public PublishOptions(JsonObject json) {
    if (json.containsKey("timeout")) {
      setTimeout(Durations.parse(json.getValue("timeout")));
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("timeout", Durations.format(timeout));
  }

  public Duration getTimeout() {
    return timeout;
  }

  public PublishOptions setTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("publish timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }
}
