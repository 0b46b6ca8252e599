package io.microvx.selector;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the selector: the strategy, and outlier ejection. A node that fails
 * {@code ejectionFailures} times in a row is left out for {@code ejectionTime} × the number of times it
 * was ejected (at most {@code ejectionMaxTime}), never more than {@code ejectionMaxPercent} of a
 * service's nodes at once; then it is tried again. JSON keys are the {@code selector_*} flag names.
 */
public class SelectorOptions {

  public static final String DEFAULT_STRATEGY = "random";
  public static final int DEFAULT_EJECTION_FAILURES = 5;
  public static final Duration DEFAULT_EJECTION_TIME = Duration.ofSeconds(30);
  public static final Duration DEFAULT_EJECTION_MAX_TIME = Duration.ofMinutes(5);
  public static final int DEFAULT_EJECTION_MAX_PERCENT = 50;

  private String strategy = DEFAULT_STRATEGY;
  private int ejectionFailures = DEFAULT_EJECTION_FAILURES;
  private Duration ejectionTime = DEFAULT_EJECTION_TIME;
  private Duration ejectionMaxTime = DEFAULT_EJECTION_MAX_TIME;
  private int ejectionMaxPercent = DEFAULT_EJECTION_MAX_PERCENT;

  public SelectorOptions() {
  }

  public SelectorOptions(SelectorOptions other) {
    this.strategy = other.strategy;
    this.ejectionFailures = other.ejectionFailures;
    this.ejectionTime = other.ejectionTime;
    this.ejectionMaxTime = other.ejectionMaxTime;
    this.ejectionMaxPercent = other.ejectionMaxPercent;
  }

  public SelectorOptions(JsonObject json) {
    if (json.containsKey("selector_strategy")) {
      setStrategy(json.getString("selector_strategy"));
    }
    if (json.containsKey("selector_ejection_failures")) {
      setEjectionFailures(Integer.parseInt(String.valueOf(json.getValue("selector_ejection_failures"))));
    }
    if (json.containsKey("selector_ejection_time")) {
      setEjectionTime(Durations.parse(json.getValue("selector_ejection_time")));
    }
    if (json.containsKey("selector_ejection_max_time")) {
      setEjectionMaxTime(Durations.parse(json.getValue("selector_ejection_max_time")));
    }
    if (json.containsKey("selector_ejection_max_percent")) {
      setEjectionMaxPercent(Integer.parseInt(String.valueOf(json.getValue("selector_ejection_max_percent"))));
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("selector_strategy", strategy)
      .put("selector_ejection_failures", ejectionFailures)
      .put("selector_ejection_time", Durations.format(ejectionTime))
      .put("selector_ejection_max_time", Durations.format(ejectionMaxTime))
      .put("selector_ejection_max_percent", ejectionMaxPercent);
  }

  public String getStrategy() {
    return strategy;
  }

  /**
   * One of {@code random} (default), {@code roundrobin}, {@code least_requests}, {@code p2c}, {@code hashed},
   * {@code peak_ewma}.
   */
  public SelectorOptions setStrategy(String strategy) {
    Strategy.byName(Objects.requireNonNull(strategy, "selector_strategy"));
    this.strategy = strategy;
    return this;
  }

  public int getEjectionFailures() {
    return ejectionFailures;
  }

  /** Consecutive faults that eject a node; 0 turns ejection off. */
  public SelectorOptions setEjectionFailures(int ejectionFailures) {
    if (ejectionFailures < 0) {
      throw new IllegalArgumentException("selector_ejection_failures must not be negative: " + ejectionFailures);
    }
    this.ejectionFailures = ejectionFailures;
    return this;
  }

  public Duration getEjectionTime() {
    return ejectionTime;
  }

  public SelectorOptions setEjectionTime(Duration ejectionTime) {
    if (ejectionTime.isNegative() || ejectionTime.isZero()) {
      throw new IllegalArgumentException("selector_ejection_time must be positive: " + ejectionTime);
    }
    this.ejectionTime = ejectionTime;
    return this;
  }

  public Duration getEjectionMaxTime() {
    return ejectionMaxTime;
  }

  public SelectorOptions setEjectionMaxTime(Duration ejectionMaxTime) {
    if (ejectionMaxTime.isNegative() || ejectionMaxTime.isZero()) {
      throw new IllegalArgumentException("selector_ejection_max_time must be positive: " + ejectionMaxTime);
    }
    this.ejectionMaxTime = ejectionMaxTime;
    return this;
  }

  public int getEjectionMaxPercent() {
    return ejectionMaxPercent;
  }

  public SelectorOptions setEjectionMaxPercent(int ejectionMaxPercent) {
    if (ejectionMaxPercent < 0 || ejectionMaxPercent > 100) {
      throw new IllegalArgumentException("selector_ejection_max_percent must be within 0..100: " + ejectionMaxPercent);
    }
    this.ejectionMaxPercent = ejectionMaxPercent;
    return this;
  }
}
