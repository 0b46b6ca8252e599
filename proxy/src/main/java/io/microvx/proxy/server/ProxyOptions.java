package io.microvx.proxy.server;

import io.vertx.core.json.JsonObject;

/**
 * Options of the proxy: where it listens ({@code proxy_address}, default {@code 127.0.0.1:8081}), the
 * bearer token it asks for ({@code proxy_token}; required when it listens beyond loopback), and the
 * largest request body it takes ({@code proxy_max_body_size}, 413 beyond).
 */
public class ProxyOptions {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:8081";
  public static final int DEFAULT_MAX_BODY_SIZE = 4 * 1024 * 1024;

  private String address = DEFAULT_ADDRESS;
  private String token;
  private int maxBodySize = DEFAULT_MAX_BODY_SIZE;

  public ProxyOptions() {
  }

  public ProxyOptions(ProxyOptions other) {
    this.address = other.address;
    this.token = other.token;
    this.maxBodySize = other.maxBodySize;
  }

  public ProxyOptions(JsonObject json) {
    setAddress(json.getString("proxy_address", DEFAULT_ADDRESS));
    setToken(json.getString("proxy_token"));
    if (json.containsKey("proxy_max_body_size")) {
      setMaxBodySize(Integer.parseInt(String.valueOf(json.getValue("proxy_max_body_size"))));
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("proxy_address", address).put("proxy_max_body_size", maxBodySize);
    if (token != null) {
      json.put("proxy_token", token);
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

  public ProxyOptions setToken(String token) {
    this.token = token == null || token.isBlank() ? null : token;
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
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return host.isEmpty() ? "0.0.0.0" : host;
  }

  int port() {
    int colon = address.lastIndexOf(':');
    try {
      return Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("invalid proxy_address \"" + address + "\": expected host:port");
    }
  }

  /** Whether only this machine can reach the address. */
  boolean isLoopback() {
    String host = host();
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }
}
