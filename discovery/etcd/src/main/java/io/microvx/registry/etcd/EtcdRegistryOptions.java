package io.microvx.registry.etcd;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Options of the {@code etcd} registry. From flat options: {@code registry_address} (comma-separated
 * {@code host:port} or URLs), {@code etcd_username}, {@code etcd_password}, {@code etcd_tls},
 * {@code etcd_ca_file}, {@code etcd_cert_file}, {@code etcd_key_file}, {@code etcd_timeout},
 * {@code etcd_prefix} — as environment variables {@code MICRO_REGISTRY_ADDRESS}, {@code MICRO_ETCD_USERNAME}
 * and so on.
 */
public class EtcdRegistryOptions {

  public static final List<String> DEFAULT_ENDPOINTS = List.of("127.0.0.1:2379");
  /** go-micro's prefix: Go services registered in the same etcd are seen, and see ours. */
  public static final String DEFAULT_PREFIX = "/micro/registry/";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private List<String> endpoints = DEFAULT_ENDPOINTS;
  private String username;
  private String password;
  private boolean tls;
  private String caFile;
  private String certFile;
  private String keyFile;
  private Duration timeout = DEFAULT_TIMEOUT;
  private String prefix = DEFAULT_PREFIX;

  public EtcdRegistryOptions() {
  }

  public EtcdRegistryOptions(EtcdRegistryOptions other) {
    this.endpoints = other.endpoints;
    this.username = other.username;
    this.password = other.password;
    this.tls = other.tls;
    this.caFile = other.caFile;
    this.certFile = other.certFile;
    this.keyFile = other.keyFile;
    this.timeout = other.timeout;
    this.prefix = other.prefix;
  }

  /** From flat options, as {@code micro} and {@code MICRO_*} variables give them. */
  public EtcdRegistryOptions(JsonObject json) {
    String address = json.getString("registry_address");
    if (address != null && !address.isBlank()) {
      setEndpoints(Arrays.stream(address.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
    username = blankToNull(json.getString("etcd_username"));
    password = blankToNull(json.getString("etcd_password"));
    if (json.containsKey("etcd_tls")) {
      tls = Boolean.parseBoolean(String.valueOf(json.getValue("etcd_tls")));
    }
    caFile = blankToNull(json.getString("etcd_ca_file"));
    certFile = blankToNull(json.getString("etcd_cert_file"));
    keyFile = blankToNull(json.getString("etcd_key_file"));
    if (json.containsKey("etcd_timeout")) {
      setTimeout(Durations.parse(json.getValue("etcd_timeout")));
    }
    if (json.containsKey("etcd_prefix")) {
      setPrefix(json.getString("etcd_prefix"));
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("registry_address", String.join(",", endpoints))
      .put("etcd_tls", tls)
      .put("etcd_timeout", Durations.format(timeout))
      .put("etcd_prefix", prefix);
    putIfSet(json, "etcd_username", username);
    putIfSet(json, "etcd_password", password);
    putIfSet(json, "etcd_ca_file", caFile);
    putIfSet(json, "etcd_cert_file", certFile);
    putIfSet(json, "etcd_key_file", keyFile);
    return json;
  }

  public List<String> getEndpoints() {
    return endpoints;
  }

  /** etcd members to try in turn, {@code host:port} or {@code http(s)://host:port}; at least one. */
  public EtcdRegistryOptions setEndpoints(List<String> endpoints) {
    if (endpoints == null || endpoints.isEmpty()) {
      throw new IllegalArgumentException("registry_address: at least one etcd endpoint is needed");
    }
    endpoints.forEach(endpoint -> EtcdClient.endpoint(endpoint, tls)); // a malformed one fails here, naming it
    this.endpoints = List.copyOf(endpoints);
    return this;
  }

  public String getUsername() {
    return username;
  }

  /** With {@link #setPassword}: etcd's authentication; tokens are renewed as they lapse. */
  public EtcdRegistryOptions setUsername(String username) {
    this.username = blankToNull(username);
    return this;
  }

  public String getPassword() {
    return password;
  }

  public EtcdRegistryOptions setPassword(String password) {
    this.password = blankToNull(password);
    return this;
  }

  public boolean isTls() {
    return tls;
  }

  /** HTTPS to etcd (also implied by {@code https://} endpoints); the JVM's trust store unless a CA file is given. */
  public EtcdRegistryOptions setTls(boolean tls) {
    this.tls = tls;
    return this;
  }

  public String getCaFile() {
    return caFile;
  }

  /** PEM file of the CA that signed etcd's certificate. */
  public EtcdRegistryOptions setCaFile(String caFile) {
    this.caFile = blankToNull(caFile);
    return this;
  }

  public String getCertFile() {
    return certFile;
  }

  /** PEM client certificate, for etcd's {@code --client-cert-auth}; with {@link #setKeyFile}. */
  public EtcdRegistryOptions setCertFile(String certFile) {
    this.certFile = blankToNull(certFile);
    return this;
  }

  public String getKeyFile() {
    return keyFile;
  }

  public EtcdRegistryOptions setKeyFile(String keyFile) {
    this.keyFile = blankToNull(keyFile);
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  /** Bound on connecting to etcd and on each request (go-micro's default: 5 s). */
  public EtcdRegistryOptions setTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("etcd_timeout must be positive");
    }
    this.timeout = timeout;
    return this;
  }

  public String getPrefix() {
    return prefix;
  }

  /** Where services are kept; go-micro's {@code /micro/registry/} (go-plugins' etcdv3 before v1.12: {@code /micro-registry/}). */
  public EtcdRegistryOptions setPrefix(String prefix) {
    Objects.requireNonNull(prefix, "etcd_prefix");
    this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    return this;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
