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
  public static final int DEFAULT_MAX_SERVICES = 4096;

  private Duration ttl = DEFAULT_TTL;
  private Duration retryMin = DEFAULT_RETRY_MIN;
  private Duration retryMax = DEFAULT_RETRY_MAX;
  private int maxServices = DEFAULT_MAX_SERVICES;

  public CacheOptions() {
  }

  public CacheOptions(CacheOptions other) {
    this.ttl = other.ttl;
    this.retryMin = other.retryMin;
    this.retryMax = other.retryMax;
    this.maxServices = other.maxServices;
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
    if (json.containsKey("registry_cache_max_services")) {
      setMaxServices(Integer.parseInt(String.valueOf(json.getValue("registry_cache_max_services"))));
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("registry_cache_ttl", Durations.format(ttl))
      .put("registry_cache_retry_min", Durations.format(retryMin))
      .put("registry_cache_retry_max", Durations.format(retryMax))
      .put("registry_cache_max_services", maxServices);
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

  public int getMaxServices() {
    return maxServices;
  }

  /** How many service names the cache keeps at most. */
  public CacheOptions setMaxServices(int maxServices) {
    if (maxServices < 1) {
      throw new IllegalArgumentException("registry_cache_max_services must be at least 1: " + maxServices);
    }
    this.maxServices = maxServices;
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
