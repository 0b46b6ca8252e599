package io.microvx.registry;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the registry cache: how long an entry is trusted before it is refreshed in the background
 * (go-micro's cache uses one minute), how the watch is re-established after the backend broke it, and
 * where (if anywhere) the cache keeps a snapshot of what it knows so a restart while the registry is down
 * still finds the services it knew ({@code registry_cache_snapshot}, a file path; none by default).
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
  private String snapshot;
  private Clock clock = Clock.systemUTC();

  public CacheOptions() {
  }

  public CacheOptions(CacheOptions other) {
    this.ttl = other.ttl;
    this.retryMin = other.retryMin;
    this.retryMax = other.retryMax;
    this.maxServices = other.maxServices;
    this.snapshot = other.snapshot;
    this.clock = other.clock;
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
    setSnapshot(json.getString("registry_cache_snapshot"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("registry_cache_ttl", Durations.format(ttl))
      .put("registry_cache_retry_min", Durations.format(retryMin))
      .put("registry_cache_retry_max", Durations.format(retryMax))
      .put("registry_cache_max_services", maxServices);
    if (snapshot != null) {
      json.put("registry_cache_snapshot", snapshot);
    }
    return json;
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

  public String getSnapshot() {
    return snapshot;
  }

  /**
   * A file the cache writes what it knows to (atomically, at most once a second, off the event loop) and
   * reads at start: a lookup the registry cannot answer is answered from it, reported as stale. Null or
   * blank: no snapshot (the default).
   */
  public CacheOptions setSnapshot(String snapshot) {
    this.snapshot = snapshot == null || snapshot.isBlank() ? null : snapshot;
    return this;
  }

  public Clock getClock() {
    return clock;
  }

  /** The wall clock the snapshot's ages are read by; the system's UTC clock by default (not in the JSON form). */
  public CacheOptions setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
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
