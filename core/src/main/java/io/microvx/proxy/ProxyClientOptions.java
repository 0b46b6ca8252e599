package io.microvx.proxy;

import io.microvx.config.Durations;
import io.microvx.security.Tls;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Where the {@code proxy} registry and broker find micro's proxy API: {@code proxy_address}
 * ({@code MICRO_PROXY_ADDRESS}, default {@code 127.0.0.1:8081}, where {@code micro server} listens), the
 * bearer {@code proxy_token} a remote proxy asks for, the CA that signed a remote proxy's certificate
 * ({@code proxy_tls_ca}, a PEM file, trusted instead of the JVM's own CAs) when the address is
 * {@code https://host:port}, and how long a request may take.
 */
public class ProxyClientOptions {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:8081";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private String address = DEFAULT_ADDRESS;
  private String token;
  private Duration timeout = DEFAULT_TIMEOUT;
  private String tlsCa;

  public ProxyClientOptions() {
  }

  public ProxyClientOptions(ProxyClientOptions other) {
    this.address = other.address;
    this.token = other.token;
    this.timeout = other.timeout;
    this.tlsCa = other.tlsCa;
  }

  public ProxyClientOptions(JsonObject json) {
    setAddress(json.getString("proxy_address", DEFAULT_ADDRESS));
    this.token = json.getString("proxy_token");
    if (json.containsKey("proxy_timeout")) {
      setTimeout(Durations.parse(json.getValue("proxy_timeout")));
    }
    setTlsCa(json.getValue("proxy_tls_ca") == null ? null : String.valueOf(json.getValue("proxy_tls_ca")));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("proxy_address", address).put("proxy_timeout", Durations.format(timeout));
    if (token != null) {
      json.put("proxy_token", token);
    }
    if (tlsCa != null) {
      json.put("proxy_tls_ca", tlsCa);
    }
    return json;
  }

  public String getAddress() {
    return address;
  }

  /** {@code host:port}, or a URL ({@code http://host:port}, {@code https://host:port}). */
  public ProxyClientOptions setAddress(String address) {
    this.address = address == null || address.isBlank() ? DEFAULT_ADDRESS : address.trim();
    return this;
  }

  public String getToken() {
    return token;
  }

  public ProxyClientOptions setToken(String token) {
    this.token = token == null || token.isBlank() ? null : token;
    return this;
  }

  public String getTlsCa() {
    return tlsCa;
  }

  /** A PEM file of the CA that signed the remote proxy's certificate (for {@code https://} addresses). */
  public ProxyClientOptions setTlsCa(String tlsCa) {
    this.tlsCa = Tls.readable("proxy_tls_ca", tlsCa == null || tlsCa.isBlank() ? null : tlsCa.trim());
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public ProxyClientOptions setTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("proxy_timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }
}
