package io.microvx.gateway;

import io.vertx.core.json.JsonObject;

/**
 * Local token buckets: {@code rate_client} requests per second per client (its identity once
 * authenticated, else the {@code rate_client_header} value when set, else its IP address) and
 * {@code rate_route} per route, each with a burst (the bucket's size, the rate by default). Zero turns a
 * limit off. A refused request gets 429 with {@code Retry-After}.
 */
public class RateLimitOptions {

  /** Client buckets kept at most; idle full buckets are dropped first, so hostile keys cannot grow memory. */
  public static final int DEFAULT_MAX_CLIENTS = 100_000;

  private double client;
  private int clientBurst;
  private double route;
  private int routeBurst;
  private String clientHeader;
  private int maxClients = DEFAULT_MAX_CLIENTS;

  public RateLimitOptions() {
  }

  public RateLimitOptions(RateLimitOptions other) {
    this(other.toJson());
  }

  public RateLimitOptions(JsonObject json) {
    setClient(OptionValues.number(json, "rate_client", 0));
    setClientBurst(OptionValues.integer(json, "rate_client_burst", 0));
    setRoute(OptionValues.number(json, "rate_route", 0));
    setRouteBurst(OptionValues.integer(json, "rate_route_burst", 0));
    setClientHeader(OptionValues.string(json, "rate_client_header", null));
    setMaxClients(OptionValues.integer(json, "rate_max_clients", DEFAULT_MAX_CLIENTS));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("rate_client", client)
      .put("rate_client_burst", clientBurst)
      .put("rate_route", route)
      .put("rate_route_burst", routeBurst)
      .put("rate_max_clients", maxClients);
    if (clientHeader != null) {
      json.put("rate_client_header", clientHeader);
    }
    return json;
  }

  public boolean isEnabled() {
    return client > 0 || route > 0;
  }

  public double getClient() {
    return client;
  }

  /** Requests per second per client; 0 is no limit. */
  public RateLimitOptions setClient(double client) {
    this.client = notNegative(client, "rate_client");
    return this;
  }

  public int getClientBurst() {
    return clientBurst;
  }

  /** The client bucket's size; 0 means the rate rounded up (at least 1). */
  public RateLimitOptions setClientBurst(int clientBurst) {
    this.clientBurst = (int) notNegative(clientBurst, "rate_client_burst");
    return this;
  }

  public double getRoute() {
    return route;
  }

  /** Requests per second per route (service and endpoint); 0 is no limit. */
  public RateLimitOptions setRoute(double route) {
    this.route = notNegative(route, "rate_route");
    return this;
  }

  public int getRouteBurst() {
    return routeBurst;
  }

  public RateLimitOptions setRouteBurst(int routeBurst) {
    this.routeBurst = (int) notNegative(routeBurst, "rate_route_burst");
    return this;
  }

  public String getClientHeader() {
    return clientHeader;
  }

  /** A header naming the client (behind a trusted proxy, say); unset: the identity or the IP address. */
  public RateLimitOptions setClientHeader(String clientHeader) {
    this.clientHeader = clientHeader == null || clientHeader.isBlank() ? null : clientHeader;
    return this;
  }

  public int getMaxClients() {
    return maxClients;
  }

  public RateLimitOptions setMaxClients(int maxClients) {
    if (maxClients < 1) {
      throw new IllegalArgumentException("rate_max_clients must be at least 1: " + maxClients);
    }
    this.maxClients = maxClients;
    return this;
  }

  private static double notNegative(double value, String name) {
    if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a non-negative number: " + value);
    }
    return value;
  }
}
