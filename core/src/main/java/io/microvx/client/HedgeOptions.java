package io.microvx.client;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hedged requests (Dean and Barroso's "tail at scale", Finagle's backup requests): an idempotent call
 * that has not answered after the {@code percentile} latency its endpoint showed lately is sent to a
 * second node too; the first answer wins and the other is ignored. A call is idempotent when its
 * {@link CallOptions#setIdempotent} says so, or its endpoint is listed here ({@code Say.Hello} for any
 * service, {@code greeter/Say.Hello} for one). Each hedge spends one retry from the client's
 * {@link RetryBudget}. JSON keys are flat flag names ({@code client_hedge}, {@code client_hedge_endpoints}, …).
 */
public class HedgeOptions {

  public static final boolean DEFAULT_ENABLED = true;
  public static final int DEFAULT_PERCENTILE = 95;
  public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(1);
  /** No fixed delay: wait the percentile. */
  public static final Duration DEFAULT_DELAY = Duration.ZERO;
  /** Latencies an endpoint must have shown before its percentile is trusted (an explicit delay needs none). */
  public static final int MIN_SAMPLES = 20;

  private boolean enabled = DEFAULT_ENABLED;
  private List<String> endpoints = List.of();
  private int percentile = DEFAULT_PERCENTILE;
  private Duration delay = DEFAULT_DELAY;
  private Duration minDelay = DEFAULT_MIN_DELAY;

  public HedgeOptions() {
  }

  public HedgeOptions(HedgeOptions other) {
    this.enabled = other.enabled;
    this.endpoints = other.endpoints;
    this.percentile = other.percentile;
    this.delay = other.delay;
    this.minDelay = other.minDelay;
  }

  public HedgeOptions(JsonObject json) {
    if (json.containsKey("client_hedge")) {
      setEnabled(Boolean.parseBoolean(String.valueOf(json.getValue("client_hedge"))));
    }
    Object listed = json.getValue("client_hedge_endpoints");
    if (listed instanceof JsonArray array) {
      List<String> names = new ArrayList<>();
      array.forEach(name -> names.add(String.valueOf(name)));
      setEndpoints(names);
    } else if (listed != null) {
      setEndpoints(List.of(String.valueOf(listed).split(",")));
    }
    if (json.containsKey("client_hedge_percentile")) {
      setPercentile(Integer.parseInt(String.valueOf(json.getValue("client_hedge_percentile"))));
    }
    if (json.containsKey("client_hedge_delay")) {
      setDelay(Durations.parse(json.getValue("client_hedge_delay")));
    }
    if (json.containsKey("client_hedge_min_delay")) {
      setMinDelay(Durations.parse(json.getValue("client_hedge_min_delay")));
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("client_hedge", enabled)
      .put("client_hedge_endpoints", String.join(",", endpoints))
      .put("client_hedge_percentile", percentile)
      .put("client_hedge_delay", Durations.format(delay))
      .put("client_hedge_min_delay", Durations.format(minDelay));
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** False never hedges, whatever the calls say. */
  public HedgeOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public List<String> getEndpoints() {
    return endpoints;
  }

  /** Endpoints whose calls are idempotent: {@code Type.Method} for every service, {@code service/Type.Method} for one. */
  public HedgeOptions setEndpoints(List<String> endpoints) {
    List<String> names = new ArrayList<>();
    for (String name : Objects.requireNonNull(endpoints, "client_hedge_endpoints")) {
      if (!name.isBlank()) {
        names.add(name.trim());
      }
    }
    this.endpoints = List.copyOf(names);
    return this;
  }

  public int getPercentile() {
    return percentile;
  }

  /** The latency percentile of the endpoint after which a hedge goes out (50 to 99). */
  public HedgeOptions setPercentile(int percentile) {
    if (percentile < 50 || percentile > 99) {
      throw new IllegalArgumentException("client_hedge_percentile must be within 50..99: " + percentile);
    }
    this.percentile = percentile;
    return this;
  }

  public Duration getDelay() {
    return delay;
  }

  /** A fixed delay before the hedge instead of the percentile; zero (the default) waits the percentile. */
  public HedgeOptions setDelay(Duration delay) {
    Objects.requireNonNull(delay, "client_hedge_delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("client_hedge_delay must not be negative: " + delay);
    }
    this.delay = delay;
    return this;
  }

  public Duration getMinDelay() {
    return minDelay;
  }

  /** The shortest wait before a hedge, whatever the percentile says. */
  public HedgeOptions setMinDelay(Duration minDelay) {
    Objects.requireNonNull(minDelay, "client_hedge_min_delay");
    if (minDelay.isNegative()) {
      throw new IllegalArgumentException("client_hedge_min_delay must not be negative: " + minDelay);
    }
    this.minDelay = minDelay;
    return this;
  }
}
