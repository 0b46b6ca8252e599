package io.microvx.proxy.server;

import io.microvx.config.Durations;
import io.microvx.security.ListenAddress;
import io.microvx.security.Tls;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Options of the proxy: where it listens ({@code proxy_address}, default {@code 127.0.0.1:8081}), the
 * bearer token it asks for ({@code proxy_token}, at least 16 characters; required when it listens beyond
 * loopback unless {@code proxy_open} says it is meant to be open), the largest request body it takes
 * ({@code proxy_max_body_size}, 413 beyond), HTTPS ({@code proxy_tls_cert}, {@code proxy_tls_key}: PEM
 * files), the longest TTL a caller may register with ({@code proxy_max_ttl}, 5m; a registration without
 * one gets it) and how many nodes callers without a token may keep registered
 * ({@code proxy_max_registrations}, 1000).
 */
public class ProxyOptions {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:8081";
  public static final int DEFAULT_MAX_BODY_SIZE = 4 * 1024 * 1024;
  public static final int MIN_TOKEN_LENGTH = io.microvx.security.Tokens.MIN_LENGTH;
  public static final Duration DEFAULT_MAX_TTL = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_REGISTRATIONS = 1000;

  private String address = DEFAULT_ADDRESS;
  private String token;
  private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
  private boolean open;
  private String tlsCert;
  private String tlsKey;
  private Duration maxTtl = DEFAULT_MAX_TTL;
  private int maxRegistrations = DEFAULT_MAX_REGISTRATIONS;

  public ProxyOptions() {
  }

  public ProxyOptions(ProxyOptions other) {
    this.address = other.address;
    this.token = other.token;
    this.maxBodySize = other.maxBodySize;
    this.open = other.open;
    this.tlsCert = other.tlsCert;
    this.tlsKey = other.tlsKey;
    this.maxTtl = other.maxTtl;
    this.maxRegistrations = other.maxRegistrations;
  }

  public ProxyOptions(JsonObject json) {
    setAddress(json.getString("proxy_address", DEFAULT_ADDRESS));
    setToken(string(json, "proxy_token"));
    if (json.containsKey("proxy_max_body_size")) {
      setMaxBodySize(Integer.parseInt(String.valueOf(json.getValue("proxy_max_body_size"))));
    }
    setOpen(Boolean.parseBoolean(string(json, "proxy_open")));
    setTls(string(json, "proxy_tls_cert"), string(json, "proxy_tls_key"));
    if (json.getValue("proxy_max_ttl") != null) {
      setMaxTtl(Durations.parse(json.getValue("proxy_max_ttl")));
    }
    if (json.getValue("proxy_max_registrations") != null) {
      setMaxRegistrations(Integer.parseInt(String.valueOf(json.getValue("proxy_max_registrations")).trim()));
    }
  }

  private static String string(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? null : String.valueOf(value);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("proxy_address", address).put("proxy_max_body_size", maxBodySize)
      .put("proxy_open", open).put("proxy_max_ttl", Durations.format(maxTtl))
      .put("proxy_max_registrations", maxRegistrations);
    if (token != null) {
      json.put("proxy_token", token);
    }
    if (tlsCert != null) {
      json.put("proxy_tls_cert", tlsCert).put("proxy_tls_key", tlsKey);
    }
    return json;
  }

  public String getAddress() {
    return address;
  }

  /** {@code host:port}; {@code :8081} or {@code 0.0.0.0:8081} listen on every interface (a token is then required). */
  public ProxyOptions setAddress(String address) {
    this.address = address == null || address.isBlank() ? DEFAULT_ADDRESS : address.trim();
    return this;
  }

  public String getToken() {
    return token;
  }

  /** The bearer token callers must send; a short one is refused (it could be guessed). */
  public ProxyOptions setToken(String token) {
    this.token = io.microvx.security.Tokens.checked("proxy_token", token);
    return this;
  }

  public boolean isOpen() {
    return open;
  }

  /** Listening beyond loopback without a token is allowed only with this: the proxy is meant to be open to all. */
  public ProxyOptions setOpen(boolean open) {
    this.open = open;
    return this;
  }

  public String getTlsCert() {
    return tlsCert;
  }

  public String getTlsKey() {
    return tlsKey;
  }

  /** Serves HTTPS with the PEM certificate chain and private key (both or neither). */
  public ProxyOptions setTls(String cert, String key) {
    Tls.Pair pair = Tls.pair("proxy", cert, key);
    this.tlsCert = pair.cert();
    this.tlsKey = pair.key();
    return this;
  }

  public Duration getMaxTtl() {
    return maxTtl;
  }

  /** The longest TTL a registration through the proxy gets; one asking for none (or 0) gets this. */
  public ProxyOptions setMaxTtl(Duration maxTtl) {
    if (maxTtl == null || maxTtl.isNegative() || maxTtl.isZero()) {
      throw new IllegalArgumentException("proxy_max_ttl must be positive: " + maxTtl);
    }
    this.maxTtl = maxTtl;
    return this;
  }

  public int getMaxRegistrations() {
    return maxRegistrations;
  }

  /** How many nodes may be registered through a proxy without a token at once; 429 beyond. */
  public ProxyOptions setMaxRegistrations(int maxRegistrations) {
    if (maxRegistrations < 1) {
      throw new IllegalArgumentException("proxy_max_registrations must be positive: " + maxRegistrations);
    }
    this.maxRegistrations = maxRegistrations;
    return this;
  }

  public int getMaxBodySize() {
    return maxBodySize;
  }

  public ProxyOptions setMaxBodySize(int maxBodySize) {
    if (maxBodySize < 1) {
      throw new IllegalArgumentException("proxy_max_body_size must be positive: " + maxBodySize);
    }
    this.maxBodySize = maxBodySize;
    return this;
  }

  /** The host part, {@code 0.0.0.0} for {@code :port}. */
  String host() {
    return listen().host();
  }

  int port() {
    return listen().port();
  }

  /** Whether only this machine can reach the address. */
  boolean isLoopback() {
    return listen().isLoopback();
  }

  private ListenAddress listen() {
    return ListenAddress.parse("proxy_address", address);
  }
}
