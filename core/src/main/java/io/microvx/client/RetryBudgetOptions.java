package io.microvx.client;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Finagle's retry budget: over any {@code window}, retries (and hedged requests) may add at most
 * {@code percent} % of the calls made, plus {@code minPerSecond} × the window's seconds so that a quiet
 * client can still retry. A retry the budget refuses fails the call at once with the attempt's own
 * failure, so retries cannot multiply an overload. JSON keys are flat flag names
 * ({@code client_retry_budget}, {@code client_retry_budget_percent}, …).
 */
public class RetryBudgetOptions {

  public static final boolean DEFAULT_ENABLED = true;
  public static final int DEFAULT_PERCENT = 20;
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
  public static final int DEFAULT_MIN_PER_SECOND = 10;

  private boolean enabled = DEFAULT_ENABLED;
  private int percent = DEFAULT_PERCENT;
  private Duration window = DEFAULT_WINDOW;
  private int minPerSecond = DEFAULT_MIN_PER_SECOND;

  public RetryBudgetOptions() {
  }

  public RetryBudgetOptions(RetryBudgetOptions other) {
    this.enabled = other.enabled;
    this.percent = other.percent;
    this.window = other.window;
    this.minPerSecond = other.minPerSecond;
  }

  public RetryBudgetOptions(JsonObject json) {
    if (json.containsKey("client_retry_budget")) {
      setEnabled(Boolean.parseBoolean(String.valueOf(json.getValue("client_retry_budget"))));
    }
    if (json.containsKey("client_retry_budget_percent")) {
      setPercent(Integer.parseInt(String.valueOf(json.getValue("client_retry_budget_percent"))));
    }
    if (json.containsKey("client_retry_budget_window")) {
      setWindow(Durations.parse(json.getValue("client_retry_budget_window")));
    }
    if (json.containsKey("client_retry_budget_min_per_second")) {
      setMinPerSecond(Integer.parseInt(String.valueOf(json.getValue("client_retry_budget_min_per_second"))));
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("client_retry_budget", enabled)
      .put("client_retry_budget_percent", percent)
      .put("client_retry_budget_window", Durations.format(window))
      .put("client_retry_budget_min_per_second", minPerSecond);
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** False lets every retry the call's retries allow through, as go-micro does. */
  public RetryBudgetOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public int getPercent() {
    return percent;
  }

  /** Retries allowed per hundred calls over the window (0 to 1000). */
  public RetryBudgetOptions setPercent(int percent) {
    if (percent < 0 || percent > 1000) {
      throw new IllegalArgumentException("client_retry_budget_percent must be within 0..1000: " + percent);
    }
    this.percent = percent;
    return this;
  }

  public Duration getWindow() {
    return window;
  }

  /** How long a call's deposit (and a retry's withdrawal) counts. */
  public RetryBudgetOptions setWindow(Duration window) {
    Objects.requireNonNull(window, "client_retry_budget_window");
    if (window.toMillis() < 1) {
      throw new IllegalArgumentException("client_retry_budget_window must be at least 1ms: " + window);
    }
    this.window = window;
    return this;
  }

  public int getMinPerSecond() {
    return minPerSecond;
  }

  /** Retries per second allowed whatever the number of calls (the reserve is this × the window). */
  public RetryBudgetOptions setMinPerSecond(int minPerSecond) {
    if (minPerSecond < 0) {
      throw new IllegalArgumentException("client_retry_budget_min_per_second must not be negative: " + minPerSecond);
    }
    this.minPerSecond = minPerSecond;
    return this;
  }
}
