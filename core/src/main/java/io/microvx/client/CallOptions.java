package io.microvx.client;

import io.microvx.config.Durations;
import io.microvx.metadata.Metadata;
import io.microvx.selector.Filter;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-call options; anything left unset falls back to the client's {@link ClientOptions}. Filters are
 * code-only (they are functions) and do not appear in JSON.
 */
public class CallOptions {

  private Duration timeout;
  private Integer retries;
  private Metadata metadata = Metadata.empty();
  private String address;
  private String contentType;
  private String routingKey;
  private Duration streamTimeout;
  private Boolean idempotent;
  private List<Filter> filters = List.of();

  public CallOptions() {
  }

  public CallOptions(CallOptions other) {
    this.timeout = other.timeout;
    this.retries = other.retries;
    this.metadata = other.metadata;
    this.address = other.address;
    this.contentType = other.contentType;
    this.routingKey = other.routingKey;
    this.streamTimeout = other.streamTimeout;
    this.idempotent = other.idempotent;
    this.filters = other.filters;
  }

  public CallOptions(JsonObject json) {
    if (json.containsKey("timeout")) {
      setTimeout(Durations.parse(json.getValue("timeout")));
    }
    if (json.containsKey("retries")) {
      setRetries(Integer.parseInt(String.valueOf(json.getValue("retries"))));
    }
    JsonObject md = json.getJsonObject("metadata");
    if (md != null) {
      Map<String, String> pairs = new HashMap<>();
      md.forEach(e -> pairs.put(e.getKey(), String.valueOf(e.getValue())));
      setMetadata(Metadata.of(pairs));
    }
    this.address = json.getString("address");
    this.contentType = json.getString("content_type");
    this.routingKey = json.getString("routing_key");
    if (json.containsKey("stream_timeout")) {
      setStreamTimeout(Durations.parse(json.getValue("stream_timeout")));
    }
    if (json.containsKey("idempotent")) {
      setIdempotent(Boolean.valueOf(String.valueOf(json.getValue("idempotent"))));
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (timeout != null) {
      json.put("timeout", Durations.format(timeout));
    }
    if (retries != null) {
      json.put("retries", retries);
    }
    if (!metadata.isEmpty()) {
      JsonObject md = new JsonObject();
      metadata.forEach(md::put);
      json.put("metadata", md);
    }
    putIfSet(json, "address", address);
    putIfSet(json, "content_type", contentType);
    putIfSet(json, "routing_key", routingKey);
    if (streamTimeout != null) {
      json.put("stream_timeout", Durations.format(streamTimeout));
    }
    if (idempotent != null) {
      json.put("idempotent", idempotent);
    }
    return json;
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  public Duration getTimeout() {
    return timeout;
  }

  /** Time the call may take, retries included. */
  public CallOptions setTimeout(Duration timeout) {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  public Integer getRetries() {
    return retries;
  }

  public CallOptions setRetries(Integer retries) {
    if (retries != null && retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
    this.retries = retries;
    return this;
  }

  public Metadata getMetadata() {
    return metadata;
  }

  /** Metadata sent as headers; it overrides what the call inherits from the request being served. */
  public CallOptions setMetadata(Metadata metadata) {
    this.metadata = metadata == null ? Metadata.empty() : metadata;
    return this;
  }

  public CallOptions addMetadata(String name, String value) {
    this.metadata = metadata.with(name, value);
    return this;
  }

  public String getAddress() {
    return address;
  }

  /** Calls this {@code host:port} directly, bypassing discovery. */
  public CallOptions setAddress(String address) {
    this.address = address;
    return this;
  }

  public String getContentType() {
    return contentType;
  }

  public CallOptions setContentType(String contentType) {
    this.contentType = contentType;
    return this;
  }

  public String getRoutingKey() {
    return routingKey;
  }

  /** The key the {@code hashed} strategy keeps on one node. */
  public CallOptions setRoutingKey(String routingKey) {
    this.routingKey = routingKey;
    return this;
  }

  public Duration getStreamTimeout() {
    return streamTimeout;
  }

  /** A deadline for the whole of a stream (by default a stream lasts until either side ends it). */
  public CallOptions setStreamTimeout(Duration streamTimeout) {
    this.streamTimeout = streamTimeout;
    return this;
  }

  public Boolean getIdempotent() {
    return idempotent;
  }

  /**
   * Whether the call may run twice without harm, so a slow answer may be hedged on a second node
   * ({@link HedgeOptions}); null (the default) leaves it to the client's list of idempotent endpoints,
   * false never hedges it.
   */
  public CallOptions setIdempotent(Boolean idempotent) {
    this.idempotent = idempotent;
    return this;
  }

  public List<Filter> getFilters() {
    return filters;
  }

  public CallOptions addFilter(Filter filter) {
    List<Filter> copy = new ArrayList<>(filters);
    copy.add(filter);
    this.filters = List.copyOf(copy);
    return this;
  }
}
