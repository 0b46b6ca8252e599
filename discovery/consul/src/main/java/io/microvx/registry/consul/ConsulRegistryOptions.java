package io.microvx.registry.consul;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the {@code consul} registry, read from the flat options: {@code registry_address} (the
 * agent, {@code host:port}, an {@code https://} prefix turning TLS on; the first of a comma-separated list)
 * and keys of its own, each also a {@code MICRO_<KEY>} variable or {@code --<key>} flag:
 *
 * <ul>
 *   <li>{@code consul_token}: the ACL token sent as {@code X-Consul-Token} (none by default);</li>
 *   <li>{@code consul_datacenter}: the {@code dc} every call names (the agent's own by default);</li>
 *   <li>{@code consul_tls}, {@code consul_tls_trust_all}, {@code consul_tls_ca_file}: HTTPS to the agent,
 *   trusting every certificate or those of a PEM file (the JVM's trust store otherwise);</li>
 *   <li>{@code consul_wait}: how long one blocking query of a watch is held by the agent (1m);</li>
 *   <li>{@code consul_timeout}: how long any other call may take (10s);</li>
 *   <li>{@code consul_connect_timeout}: how long connecting to the agent may take (5s).</li>
 * </ul>
 */
public class ConsulRegistryOptions {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:8500";
  public static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Consul refuses blocking waits over ten minutes. */
  public static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private String address = DEFAULT_ADDRESS;
  private String token;
  private String datacenter;
  private boolean tls;
  private boolean tlsTrustAll;
  private String tlsCaFile;
  private Duration wait = DEFAULT_WAIT;
  private Duration timeout = DEFAULT_TIMEOUT;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

  public ConsulRegistryOptions() {
  }

  public ConsulRegistryOptions(ConsulRegistryOptions other) {
    this.address = other.address;
    this.token = other.token;
    this.datacenter = other.datacenter;
    this.tls = other.tls;
    this.tlsTrustAll = other.tlsTrustAll;
    this.tlsCaFile = other.tlsCaFile;
    this.wait = other.wait;
    this.timeout = other.timeout;
    this.connectTimeout = other.connectTimeout;
  }

  /** From the flat options; unknown keys are ignored, as they belong to other parts of the service. */
  public ConsulRegistryOptions(JsonObject json) {
    String flat = json.getString("registry_address");
    if (flat != null && !flat.isBlank()) {
      String first = flat.split(",")[0].trim();
      if (first.startsWith("https://")) {
        tls = true;
      }
      setAddress(first.replaceFirst("^https?://", "").replaceFirst("/+$", ""));
    }
    token = blankToNull(json.getString("consul_token"));
    datacenter = blankToNull(json.getString("consul_datacenter"));
    if (json.containsKey("consul_tls")) {
      tls = Boolean.parseBoolean(String.valueOf(json.getValue("consul_tls")));
    }
    if (json.containsKey("consul_tls_trust_all")) {
      tlsTrustAll = Boolean.parseBoolean(String.valueOf(json.getValue("consul_tls_trust_all")));
    }
    tlsCaFile = blankToNull(json.getString("consul_tls_ca_file"));
    if (json.containsKey("consul_wait")) {
      setWait(Durations.parse(json.getValue("consul_wait")));
    }
    if (json.containsKey("consul_timeout")) {
      setTimeout(Durations.parse(json.getValue("consul_timeout")));
    }
    if (json.containsKey("consul_connect_timeout")) {
      setConnectTimeout(Durations.parse(json.getValue("consul_connect_timeout")));
    }
  }

  /** The flat options these stand for. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("registry_address", address)
      .put("consul_tls", tls)
      .put("consul_tls_trust_all", tlsTrustAll)
      .put("consul_wait", Durations.format(wait))
      .put("consul_timeout", Durations.format(timeout))
      .put("consul_connect_timeout", Durations.format(connectTimeout));
    if (token != null) {
      json.put("consul_token", token);
    }
    if (datacenter != null) {
      json.put("consul_datacenter", datacenter);
    }
    if (tlsCaFile != null) {
      json.put("consul_tls_ca_file", tlsCaFile);
    }
    return json;
  }

  public String getAddress() {
    return address;
  }

  /** The agent's HTTP API, {@code host:port} ({@code [v6]:port} for an IPv6 literal). */
  public ConsulRegistryOptions setAddress(String address) {
    Objects.requireNonNull(address, "address");
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1 || address.endsWith("]")) {
      throw new IllegalArgumentException("registry_address must be host:port, got \"" + address + "\"");
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("registry_address has no valid port: \"" + address + "\"");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("registry_address has no valid port: \"" + address + "\"", e);
    }
    this.address = address;
    return this;
  }

  /** The host part of the address, brackets of an IPv6 literal removed. */
  public String host() {
    String host = address.substring(0, address.lastIndexOf(':'));
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  public int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  public String getToken() {
    return token;
  }

  public ConsulRegistryOptions setToken(String token) {
    this.token = blankToNull(token);
    return this;
  }

  public String getDatacenter() {
    return datacenter;
  }

  public ConsulRegistryOptions setDatacenter(String datacenter) {
    this.datacenter = blankToNull(datacenter);
    return this;
  }

  public boolean isTls() {
    return tls;
  }

  public ConsulRegistryOptions setTls(boolean tls) {
    this.tls = tls;
    return this;
  }

  public boolean isTlsTrustAll() {
    return tlsTrustAll;
  }

  public ConsulRegistryOptions setTlsTrustAll(boolean tlsTrustAll) {
    this.tlsTrustAll = tlsTrustAll;
    return this;
  }

  public String getTlsCaFile() {
    return tlsCaFile;
  }

  public ConsulRegistryOptions setTlsCaFile(String tlsCaFile) {
    this.tlsCaFile = blankToNull(tlsCaFile);
    return this;
  }

  public Duration getWait() {
    return wait;
  }

  /** How long the agent holds one blocking query of a watch before answering unchanged. */
  public ConsulRegistryOptions setWait(Duration wait) {
    if (wait.compareTo(Duration.ofMillis(1)) < 0 || wait.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException("consul_wait must be between 1ms and 10m: " + Durations.format(wait));
    }
    this.wait = wait;
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public ConsulRegistryOptions setTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("consul_timeout must be positive: " + Durations.format(timeout));
    }
    this.timeout = timeout;
    return this;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public ConsulRegistryOptions setConnectTimeout(Duration connectTimeout) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("consul_connect_timeout must be positive: " + Durations.format(connectTimeout));
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
