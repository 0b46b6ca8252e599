package io.microvx.registry.mdns;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Options of the {@code mdns} registry. From flat options: {@code mdns_interface} (or
 * {@code registry_address}), {@code mdns_domain}, {@code mdns_timeout}, {@code mdns_ttl},
 * {@code mdns_port} — as environment variables {@code MICRO_MDNS_INTERFACE} and so on.
 */
public class MdnsRegistryOptions {

  /** go-micro's domain: names end in {@code .micro.} rather than {@code .local.}. */
  public static final String DEFAULT_DOMAIN = "micro";
  /** How long a lookup collects answers (go-micro waits 100 ms; a busy machine answers slower). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
  /** Record TTL of a registration without one (go-micro's, re-announced at half of it). */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(120);
  public static final int DEFAULT_PORT = 5353;
  public static final String GROUP = "224.0.0.251";

  private String networkInterface;
  private String domain = DEFAULT_DOMAIN;
  private Duration timeout = DEFAULT_TIMEOUT;
  private Duration ttl = DEFAULT_TTL;
  private int port = DEFAULT_PORT;

  public MdnsRegistryOptions() {
  }

  public MdnsRegistryOptions(MdnsRegistryOptions other) {
    this.networkInterface = other.networkInterface;
    this.domain = other.domain;
    this.timeout = other.timeout;
    this.ttl = other.ttl;
    this.port = other.port;
  }

  /** From flat options, as {@code micro} and {@code MICRO_*} variables give them. */
  public MdnsRegistryOptions(JsonObject json) {
    String named = json.getString("mdns_interface");
    setNetworkInterface(named != null && !named.isBlank() ? named : json.getString("registry_address"));
    if (json.containsKey("mdns_domain")) {
      setDomain(json.getString("mdns_domain"));
    }
    if (json.containsKey("mdns_timeout")) {
      setTimeout(Durations.parse(json.getValue("mdns_timeout")));
    }
    if (json.containsKey("mdns_ttl")) {
      setTtl(Durations.parse(json.getValue("mdns_ttl")));
    }
    if (json.containsKey("mdns_port")) {
      try {
        setPort(Integer.parseInt(String.valueOf(json.getValue("mdns_port")).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("mdns_port: not a port: " + json.getValue("mdns_port"));
      }
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("mdns_domain", domain).put("mdns_timeout", Durations.format(timeout))
      .put("mdns_ttl", Durations.format(ttl)).put("mdns_port", port);
    if (networkInterface != null) {
      json.put("mdns_interface", networkInterface);
    }
    return json;
  }

  public String getNetworkInterface() {
    return networkInterface;
  }

  /**
   * The one interface to multicast on, by name ({@code eth0}) or by one of its addresses; unset, the first
   * interface that is up, not loopback, multicast-capable and has an IPv4 address.
   */
  public MdnsRegistryOptions setNetworkInterface(String networkInterface) {
    this.networkInterface = networkInterface == null || networkInterface.isBlank() ? null : networkInterface.trim();
    return this;
  }

  public String getDomain() {
    return domain;
  }

  /** The domain names end in; go-micro's {@code micro}. */
  public MdnsRegistryOptions setDomain(String domain) {
    String trimmed = domain == null ? "" : domain.trim().replaceAll("^\\.+|\\.+$", "");
    if (trimmed.isEmpty() || !DnsMessage.fits(trimmed)) {
      throw new IllegalArgumentException("mdns_domain: not a DNS domain: " + domain);
    }
    this.domain = trimmed;
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  /** How long a lookup collects answers before it returns what it heard. */
  public MdnsRegistryOptions setTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("mdns_timeout must be positive");
    }
    this.timeout = timeout;
    return this;
  }

  public Duration getTtl() {
    return ttl;
  }

  /** The TTL of records published for a registration without a TTL of its own (at least 2 s). */
  public MdnsRegistryOptions setTtl(Duration ttl) {
    if (ttl == null || ttl.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("mdns_ttl must be at least 2s");
    }
    this.ttl = ttl;
    return this;
  }

  public int getPort() {
    return port;
  }

  /** The UDP port, 5353 as every mDNS responder; another keeps a group of registries to themselves. */
  public MdnsRegistryOptions setPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("mdns_port: not a port: " + port);
    }
    this.port = port;
    return this;
  }
}
