package io.microvx.client;

import io.microvx.codec.Codecs;
import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Defaults of every call a client makes; {@link CallOptions} override them per call. JSON keys are
 * go-micro's flag names ({@code client_retries}, {@code client_request_timeout}, …) and, for the retry
 * budget and hedging, {@link RetryBudgetOptions}'s and {@link HedgeOptions}' flat {@code client_retry_budget*}
 * and {@code client_hedge*} keys.
 */
public class ClientOptions {

  /** go-micro retries once by default. */
  public static final int DEFAULT_RETRIES = 1;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** go-micro defaults to protobuf; Java messages are JSON unless they are generated protobuf types. */
  public static final String DEFAULT_CONTENT_TYPE = Codecs.JSON;

  private int retries = DEFAULT_RETRIES;
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private String contentType = DEFAULT_CONTENT_TYPE;
  private RetryBudgetOptions retryBudget = new RetryBudgetOptions();
  private HedgeOptions hedge = new HedgeOptions();

  public ClientOptions() {
  }

  public ClientOptions(ClientOptions other) {
    this.retries = other.retries;
    this.requestTimeout = other.requestTimeout;
    this.contentType = other.contentType;
    this.retryBudget = new RetryBudgetOptions(other.retryBudget);
    this.hedge = new HedgeOptions(other.hedge);
  }

  public ClientOptions(JsonObject json) {
    if (json.containsKey("client_retries")) {
      setRetries(Integer.parseInt(String.valueOf(json.getValue("client_retries"))));
    }
    if (json.containsKey("client_request_timeout")) {
      setRequestTimeout(Durations.parse(json.getValue("client_request_timeout")));
    }
    if (json.containsKey("client_content_type")) {
      setContentType(json.getString("client_content_type"));
    }
    this.retryBudget = new RetryBudgetOptions(json);
    this.hedge = new HedgeOptions(json);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("client_retries", retries)
      .put("client_request_timeout", Durations.format(requestTimeout))
      .put("client_content_type", contentType)
      .mergeIn(retryBudget.toJson())
      .mergeIn(hedge.toJson());
  }

  public int getRetries() {
    return retries;
  }

  /** Further attempts after the first, each on another node when there is one. */
  public ClientOptions setRetries(int retries) {
    if (retries < 0) {
      throw new IllegalArgumentException("client_retries must not be negative: " + retries);
    }
    this.retries = retries;
    return this;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** Time a call may take, retries included; sent to the server as its deadline. */
  public ClientOptions setRequestTimeout(Duration requestTimeout) {
    Objects.requireNonNull(requestTimeout, "client_request_timeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("client_request_timeout must be positive: " + requestTimeout);
    }
    this.requestTimeout = requestTimeout;
    return this;
  }

  public String getContentType() {
    return contentType;
  }

  public ClientOptions setContentType(String contentType) {
    this.contentType = Objects.requireNonNull(contentType, "client_content_type");
    return this;
  }

  public RetryBudgetOptions getRetryBudget() {
    return retryBudget;
  }

  /** The budget retries and hedged requests share (on by default: 20 % of calls over 10 s, plus 10/s). */
  public ClientOptions setRetryBudget(RetryBudgetOptions retryBudget) {
    this.retryBudget = new RetryBudgetOptions(Objects.requireNonNull(retryBudget, "retryBudget"));
    return this;
  }

  public HedgeOptions getHedge() {
    return hedge;
  }

  /** When idempotent calls are hedged on a second node (on by default, for calls marked idempotent only). */
  public ClientOptions setHedge(HedgeOptions hedge) {
    this.hedge = new HedgeOptions(Objects.requireNonNull(hedge, "hedge"));
    return this;
  }
}
