package io.microvx.registry;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/** Options of one registration: the TTL after which its nodes lapse unless registered again. */
public class RegisterOptions {

  /** No TTL: nodes stay until deregistered. */
  public static final Duration DEFAULT_TTL = Duration.ZERO;

  private Duration ttl = DEFAULT_TTL;

  public RegisterOptions() {
  }

  public RegisterOptions(RegisterOptions other) {
    this.ttl = other.ttl;
  }

  public RegisterOptions(JsonObject json) {
    if (json.containsKey("ttl")) {
      setTtl(Durations.parse(json.getValue("ttl")));
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("ttl", Durations.format(ttl));
  }

  public Duration getTtl() {
    return ttl;
  }

  public RegisterOptions setTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
    this.ttl = ttl;
    return this;
  }
}
