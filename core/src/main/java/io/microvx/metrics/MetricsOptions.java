package io.microvx.metrics;

import io.microvx.security.ListenAddress;
import io.microvx.security.Tokens;
import io.vertx.core.json.JsonObject;

/**
 * Options of a service's metrics. JSON keys are flat flag names: {@code metrics} (on by default),
 * {@code metrics_address} (a {@code host:port} of its own serving Prometheus' {@code /metrics}; none by
 * default, the metrics then reach the CLI and dashboard through {@code Debug.Stats} only),
 * {@code metrics_token} (the bearer token Prometheus must send; required when the address is reachable
 * beyond this machine), {@code metrics_jvm} (the JVM's memory, GC, thread and CPU meters; on by default)
 * and {@code metrics_max_series} (how many endpoints served, endpoints called or topics a service tracks, each
 * family on its own, before further ones are not recorded: a bound on what hostile or buggy callers can grow).
 */
public class MetricsOptions {

  public static final boolean DEFAULT_ENABLED = true;
  public static final boolean DEFAULT_JVM = true;
  public static final int DEFAULT_MAX_SERIES = 1000;

  private boolean enabled = DEFAULT_ENABLED;
  private String address;
  private String token;
  private boolean jvm = DEFAULT_JVM;
  private int maxSeries = DEFAULT_MAX_SERIES;

  public MetricsOptions() {
  }

  public MetricsOptions(MetricsOptions other) {
    this.enabled = other.enabled;
    this.address = other.address;
    this.token = other.token;
    this.jvm = other.jvm;
    this.maxSeries = other.maxSeries;
  }

  public MetricsOptions(JsonObject json) {
    if (json.containsKey("metrics")) {
      setEnabled(bool(json.getValue("metrics")));
    }
    setAddress(json.getString("metrics_address"));
    setToken(json.getString("metrics_token"));
    if (json.containsKey("metrics_jvm")) {
      setJvm(bool(json.getValue("metrics_jvm")));
    }
    if (json.containsKey("metrics_max_series")) {
      setMaxSeries(Integer.parseInt(String.valueOf(json.getValue("metrics_max_series"))));
    }
  }

  private static boolean bool(Object value) {
    return Boolean.parseBoolean(String.valueOf(value));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("metrics", enabled)
      .put("metrics_jvm", jvm)
      .put("metrics_max_series", maxSeries);
    if (address != null) {
      json.put("metrics_address", address);
    }
    if (token != null) {
      json.put("metrics_token", token);
    }
    return json;
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** Whether the service measures its calls at all; off, it adds no wrapper and serves no metrics. */
  public MetricsOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public String getAddress() {
    return address;
  }

  /** Where to serve {@code /metrics} ({@code 127.0.0.1:9100}); null or blank for nowhere. */
  public MetricsOptions setAddress(String address) {
    this.address = address == null || address.isBlank() ? null : address.trim();
    if (this.address != null) {
      listen();
    }
    return this;
  }

  public String getToken() {
    return token;
  }

  /** The bearer token a scrape must carry; at least {@link Tokens#MIN_LENGTH} characters. */
  public MetricsOptions setToken(String token) {
    this.token = Tokens.checked("metrics_token", token);
    return this;
  }

  public boolean isJvm() {
    return jvm;
  }

  public MetricsOptions setJvm(boolean jvm) {
    this.jvm = jvm;
    return this;
  }

  public int getMaxSeries() {
    return maxSeries;
  }

  public MetricsOptions setMaxSeries(int maxSeries) {
    if (maxSeries < 1) {
      throw new IllegalArgumentException("metrics_max_series must be positive: " + maxSeries);
    }
    this.maxSeries = maxSeries;
    return this;
  }

  /** The address's parts; fails unless it is {@code host:port}. */
  ListenAddress listen() {
    return ListenAddress.parse("metrics_address", address);
  }
}
