package io.microvx.broker;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Options of the core's brokers, under flag-style keys: {@code broker_address} (where the http broker
 * listens; the memory broker's store name), {@code broker_advertise}, {@code broker_max_pending}
 * (messages waiting per subscriber in the memory broker, deliveries waiting to be sent in the http
 * broker), {@code broker_redeliveries} (further attempts after a failed delivery) and
 * {@code broker_retry_backoff} (the pause before the first, doubling after).
 */
public class BrokerOptions {

  public static final String DEFAULT_ADDRESS = "0.0.0.0:0";
  public static final int DEFAULT_MAX_PENDING = 1024;
  public static final int DEFAULT_REDELIVERIES = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
  public static final int DEFAULT_CONCURRENCY = 256;
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REGISTER_TTL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REGISTER_INTERVAL = Duration.ofSeconds(30);
  /** The registry service the http broker's subscriptions join: go-micro v1's name. */
  public static final String DEFAULT_HTTP_SERVICE = "go.micro.http.broker";
  /** go-micro v5's name for the same service. */
  public static final String GO_MICRO_V5_HTTP_SERVICE = "micro.http.broker";

  private String address = DEFAULT_ADDRESS;
  private String advertise;
  private int maxPending = DEFAULT_MAX_PENDING;
  private int redeliveries = DEFAULT_REDELIVERIES;
  private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
  private int concurrency = DEFAULT_CONCURRENCY;
  private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
  private Duration registerTtl = DEFAULT_REGISTER_TTL;
  private Duration registerInterval = DEFAULT_REGISTER_INTERVAL;
  private String httpService = DEFAULT_HTTP_SERVICE;

  public BrokerOptions() {
  }

  public BrokerOptions(BrokerOptions other) {
    this.address = other.address;
    this.advertise = other.advertise;
    this.maxPending = other.maxPending;
    this.redeliveries = other.redeliveries;
    this.retryBackoff = other.retryBackoff;
    this.concurrency = other.concurrency;
    this.deliveryTimeout = other.deliveryTimeout;
    this.registerTtl = other.registerTtl;
    this.registerInterval = other.registerInterval;
    this.httpService = other.httpService;
  }

  public BrokerOptions(JsonObject json) {
    this.address = json.getString("broker_address", DEFAULT_ADDRESS);
    this.advertise = json.getString("broker_advertise");
    if (json.containsKey("broker_max_pending")) {
      setMaxPending(intValue(json, "broker_max_pending"));
    }
    if (json.containsKey("broker_redeliveries")) {
      setRedeliveries(intValue(json, "broker_redeliveries"));
    }
    if (json.containsKey("broker_retry_backoff")) {
      setRetryBackoff(Durations.parse(json.getValue("broker_retry_backoff")));
    }
    if (json.containsKey("broker_concurrency")) {
      setConcurrency(intValue(json, "broker_concurrency"));
    }
    if (json.containsKey("broker_delivery_timeout")) {
      setDeliveryTimeout(Durations.parse(json.getValue("broker_delivery_timeout")));
    }
    // subscriptions register like the server does, under the same flags
    if (json.containsKey("register_ttl")) {
      setRegisterTtl(Durations.parse(json.getValue("register_ttl")));
    }
    if (json.containsKey("register_interval")) {
      setRegisterInterval(Durations.parse(json.getValue("register_interval")));
    }
    if (json.containsKey("broker_http_service")) {
      setHttpService(json.getString("broker_http_service"));
    }
  }

  private static int intValue(JsonObject json, String key) {
    return Integer.parseInt(String.valueOf(json.getValue(key)));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("broker_address", address)
      .put("broker_max_pending", maxPending)
      .put("broker_redeliveries", redeliveries)
      .put("broker_retry_backoff", Durations.format(retryBackoff))
      .put("broker_concurrency", concurrency)
      .put("broker_delivery_timeout", Durations.format(deliveryTimeout))
      .put("register_ttl", Durations.format(registerTtl))
      .put("register_interval", Durations.format(registerInterval))
      .put("broker_http_service", httpService);
    if (advertise != null) {
      json.put("broker_advertise", advertise);
    }
    return json;
  }

  public String getAddress() {
    return address;
  }

  public BrokerOptions setAddress(String address) {
    this.address = address == null || address.isBlank() ? DEFAULT_ADDRESS : address;
    return this;
  }

  public String getAdvertise() {
    return advertise;
  }

  public BrokerOptions setAdvertise(String advertise) {
    this.advertise = advertise;
    return this;
  }

  public int getMaxPending() {
    return maxPending;
  }

  public BrokerOptions setMaxPending(int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("broker_max_pending must be at least 1: " + maxPending);
    }
    this.maxPending = maxPending;
    return this;
  }

  public int getRedeliveries() {
    return redeliveries;
  }

  public BrokerOptions setRedeliveries(int redeliveries) {
    if (redeliveries < 0) {
      throw new IllegalArgumentException("broker_redeliveries must not be negative: " + redeliveries);
    }
    this.redeliveries = redeliveries;
    return this;
  }

  public Duration getRetryBackoff() {
    return retryBackoff;
  }

  public BrokerOptions setRetryBackoff(Duration retryBackoff) {
    if (retryBackoff.isNegative()) {
      throw new IllegalArgumentException("broker_retry_backoff must not be negative: " + retryBackoff);
    }
    this.retryBackoff = retryBackoff;
    return this;
  }

  public int getConcurrency() {
    return concurrency;
  }

  /** Deliveries the http broker sends at once. */
  public BrokerOptions setConcurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("broker_concurrency must be at least 1: " + concurrency);
    }
    this.concurrency = concurrency;
    return this;
  }

  public Duration getDeliveryTimeout() {
    return deliveryTimeout;
  }

  /** How long the http broker waits for a subscriber to take one delivery. */
  public BrokerOptions setDeliveryTimeout(Duration deliveryTimeout) {
    if (deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
      throw new IllegalArgumentException("broker_delivery_timeout must be positive: " + deliveryTimeout);
    }
    this.deliveryTimeout = deliveryTimeout;
    return this;
  }

  public Duration getRegisterTtl() {
    return registerTtl;
  }

  public BrokerOptions setRegisterTtl(Duration registerTtl) {
    if (registerTtl.isNegative()) {
      throw new IllegalArgumentException("register_ttl must not be negative: " + registerTtl);
    }
    this.registerTtl = registerTtl;
    return this;
  }

  public Duration getRegisterInterval() {
    return registerInterval;
  }

  public BrokerOptions setRegisterInterval(Duration registerInterval) {
    if (registerInterval.isNegative()) {
      throw new IllegalArgumentException("register_interval must not be negative: " + registerInterval);
    }
    this.registerInterval = registerInterval;
    return this;
  }

  public String getHttpService() {
    return httpService;
  }

  /**
   * The registry service the http broker's subscriptions join and its publishers look up:
   * {@value #DEFAULT_HTTP_SERVICE} as go-micro v1 names it, {@value #GO_MICRO_V5_HTTP_SERVICE} to share
   * subscriptions with go-micro v5 services.
   */
  public BrokerOptions setHttpService(String httpService) {
    if (httpService == null || httpService.isBlank()) {
      throw new IllegalArgumentException("broker_http_service must name a service");
    }
    this.httpService = httpService;
    return this;
  }
}
