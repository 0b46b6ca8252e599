package io.microvx.transport;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Options of the {@code http} transport. The pool follows go-micro's client pool: up to
 * {@code client_pool_size} keep-alive connections per node, each living at most {@code client_pool_ttl}.
 * {@code transport_max_message_size} bounds a request body (413 beyond) and a stream message.
 */
public class HttpTransportOptions {

  public static final int DEFAULT_POOL_SIZE = 100;
  public static final Duration DEFAULT_POOL_TTL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

  private int poolSize = DEFAULT_POOL_SIZE;
  private Duration poolTtl = DEFAULT_POOL_TTL;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

  public HttpTransportOptions() {
  }

  public HttpTransportOptions(HttpTransportOptions other) {
    this.poolSize = other.poolSize;
    this.poolTtl = other.poolTtl;
    this.connectTimeout = other.connectTimeout;
    this.maxMessageSize = other.maxMessageSize;
  }

  public HttpTransportOptions(JsonObject json) {
    if (json.containsKey("client_pool_size")) {
      setPoolSize(Integer.parseInt(String.valueOf(json.getValue("client_pool_size"))));
    }
    if (json.containsKey("client_pool_ttl")) {
      setPoolTtl(Durations.parse(json.getValue("client_pool_ttl")));
    }
    if (json.containsKey("transport_connect_timeout")) {
      setConnectTimeout(Durations.parse(json.getValue("transport_connect_timeout")));
    }
    if (json.containsKey("transport_max_message_size")) {
      setMaxMessageSize(Integer.parseInt(String.valueOf(json.getValue("transport_max_message_size"))));
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("client_pool_size", poolSize)
      .put("client_pool_ttl", Durations.format(poolTtl))
      .put("transport_connect_timeout", Durations.format(connectTimeout))
      .put("transport_max_message_size", maxMessageSize);
  }

  public int getPoolSize() {
    return poolSize;
  }

  public HttpTransportOptions setPoolSize(int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("client_pool_size must be at least 1: " + poolSize);
    }
    this.poolSize = poolSize;
    return this;
  }

  public Duration getPoolTtl() {
    return poolTtl;
  }

  public HttpTransportOptions setPoolTtl(Duration poolTtl) {
    if (poolTtl.isNegative() || poolTtl.isZero()) {
      throw new IllegalArgumentException("client_pool_ttl must be positive: " + poolTtl);
    }
    this.poolTtl = poolTtl;
    return this;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public HttpTransportOptions setConnectTimeout(Duration connectTimeout) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("transport_connect_timeout must be positive: " + connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  public int getMaxMessageSize() {
    return maxMessageSize;
  }

  public HttpTransportOptions setMaxMessageSize(int maxMessageSize) {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("transport_max_message_size must be positive: " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
    return this;
  }
}
