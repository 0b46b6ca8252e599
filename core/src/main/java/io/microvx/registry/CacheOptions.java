package io.microvx.registry;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the registry cache: how long an entry is trusted before it is refreshed in the background
 * (go-micro's cache uses one minute), and how the watch is re-established after the backend broke it.
 */
public class CacheOptions {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_RETRY_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);

  private Duration ttl = DEFAULT_TTL;
  private Duration retryMin = DEFAULT_RETRY_MIN;
  private Duration retryMax = DEFAULT_RETRY_MAX;

  public CacheOptions() {
  }

  public CacheOptions(CacheOptions other) {
    this.ttl = other.ttl;
    this.retryMin = other.retryMin;
    this.retryMax = other.retryMax;
  }

  public CacheOptions(JsonObject json) {
    if (json.containsKey("registry_cache_ttl")) {
      setTtl(Durations.parse(json.getValue("registry_cache_ttl")));
    }
    if (json.containsKey("registry_cache_retry_min")) {
      setRetryMin(Durations.parse(json.getValue("registry_cache_retry_min")));
    }
    if (json.containsKey("registry_cache_retry_max")) {
      setRetryMax(Durations.parse(json.getValue("registry_cache_retry_max")));
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("registry_cache_ttl", Durations.format(ttl))
      .put("registry_cache_retry_min", Durations.format(retryMin))
      .put("registry_cache_retry_max", Durations.format(retryMax));
  }

  public Duration getTtl() {
    return ttl;
  }

  public CacheOptions setTtl(Duration ttl) {
    this.ttl = positive(ttl, "registry_cache_ttl");
    return this;
  }

  public Duration getRetryMin() {
    return retryMin;
  }

  public CacheOptions setRetryMin(Duration retryMin) {
    this.retryMin = positive(retryMin, "registry_cache_retry_min");
    return this;
  }

  public Duration getRetryMax() {
    return retryMax;
  }

  public CacheOptions setRetryMax(Duration retryMax) {
    this.retryMax = positive(retryMax, "registry_cache_retry_max");
    return this;
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }
}
