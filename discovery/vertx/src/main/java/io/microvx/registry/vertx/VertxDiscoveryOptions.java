package io.microvx.registry.vertx;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Options of the {@code vertx} registry: the Service Discovery it works on, how often expired records are
 * reaped, and the Hazelcast cluster to join when the plugin is to start a clustered Vert.x of its own
 * ({@link #isCluster()}) or {@code micro server --cluster} starts one.
 *
 * <p>JSON keys (set as {@code MICRO_<KEY>} or {@code --key}): {@code vertx_announce_address},
 * {@code vertx_discovery_name}, {@code vertx_reap_interval}, {@code cluster}, {@code cluster_name},
 * {@code cluster_host}, {@code cluster_port}, {@code cluster_members} (comma-separated {@code host[:port]}).
 * A bad value fails the constructor or setter with one line naming the key.
 */
public class VertxDiscoveryOptions {

  /** Service Discovery's own default, so plain Vert.x apps with default options see the same events. */
  public static final String DEFAULT_ANNOUNCE_ADDRESS = ServiceDiscoveryOptions.DEFAULT_ANNOUNCE_ADDRESS;
  public static final String DEFAULT_DISCOVERY_NAME = "micro";
  public static final Duration DEFAULT_REAP_INTERVAL = Duration.ofSeconds(1);
  public static final String DEFAULT_CLUSTER_NAME = "micro";
  public static final String DEFAULT_CLUSTER_HOST = "127.0.0.1";
  /** Hazelcast's usual port; taken ports are skipped upwards, so several members share one host. */
  public static final int DEFAULT_CLUSTER_PORT = 5701;

  private String announceAddress = DEFAULT_ANNOUNCE_ADDRESS;
  private String discoveryName = DEFAULT_DISCOVERY_NAME;
  private Duration reapInterval = DEFAULT_REAP_INTERVAL;
  private boolean cluster;
  private String clusterName = DEFAULT_CLUSTER_NAME;
  private String clusterHost = DEFAULT_CLUSTER_HOST;
  private int clusterPort = DEFAULT_CLUSTER_PORT;
  private List<String> clusterMembers;

  public VertxDiscoveryOptions() {
  }

  public VertxDiscoveryOptions(VertxDiscoveryOptions other) {
    this.announceAddress = other.announceAddress;
    this.discoveryName = other.discoveryName;
    this.reapInterval = other.reapInterval;
    this.cluster = other.cluster;
    this.clusterName = other.clusterName;
    this.clusterHost = other.clusterHost;
    this.clusterPort = other.clusterPort;
    this.clusterMembers = other.clusterMembers;
  }

  public VertxDiscoveryOptions(JsonObject json) {
    if (json.containsKey("vertx_announce_address")) {
      setAnnounceAddress(json.getString("vertx_announce_address"));
    }
    if (json.containsKey("vertx_discovery_name")) {
      setDiscoveryName(json.getString("vertx_discovery_name"));
    }
    if (json.containsKey("vertx_reap_interval")) {
      setReapInterval(parse("vertx_reap_interval", json.getValue("vertx_reap_interval")));
    }
    if (json.containsKey("cluster")) {
      Object value = json.getValue("cluster");
      String text = String.valueOf(value).trim().toLowerCase();
      if (!text.equals("true") && !text.equals("false")) {
        throw new IllegalArgumentException("cluster must be true or false, not \"" + value + "\"");
      }
      setCluster(text.equals("true"));
    }
    if (json.containsKey("cluster_name")) {
      setClusterName(json.getString("cluster_name"));
    }
    if (json.containsKey("cluster_host")) {
      setClusterHost(json.getString("cluster_host"));
    }
    if (json.containsKey("cluster_port")) {
      Object value = json.getValue("cluster_port");
      try {
        setClusterPort(Integer.parseInt(String.valueOf(value).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("cluster_port must be a port number, not \"" + value + "\"");
      }
    }
    if (json.containsKey("cluster_members")) {
      Object value = json.getValue("cluster_members");
      List<String> members = value instanceof io.vertx.core.json.JsonArray array
        ? array.stream().map(String::valueOf).toList()
        : Arrays.stream(String.valueOf(value).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      setClusterMembers(members);
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("vertx_announce_address", announceAddress)
      .put("vertx_discovery_name", discoveryName)
      .put("vertx_reap_interval", Durations.format(reapInterval))
      .put("cluster", cluster)
      .put("cluster_name", clusterName)
      .put("cluster_host", clusterHost)
      .put("cluster_port", clusterPort);
    if (clusterMembers != null) {
      json.put("cluster_members", String.join(",", clusterMembers));
    }
    return json;
  }

  /** The event-bus address Service Discovery announces record changes on, which the watch listens to. */
  public String getAnnounceAddress() {
    return announceAddress;
  }

  public VertxDiscoveryOptions setAnnounceAddress(String announceAddress) {
    this.announceAddress = notBlank(announceAddress, "vertx_announce_address");
    return this;
  }

  /** The Service Discovery's name (the id its usage events carry). */
  public String getDiscoveryName() {
    return discoveryName;
  }

  public VertxDiscoveryOptions setDiscoveryName(String discoveryName) {
    this.discoveryName = notBlank(discoveryName, "vertx_discovery_name");
    return this;
  }

  /** How often each registry looks for records whose TTL lapsed and removes them (default 1s). */
  public Duration getReapInterval() {
    return reapInterval;
  }

  public VertxDiscoveryOptions setReapInterval(Duration reapInterval) {
    Objects.requireNonNull(reapInterval, "vertx_reap_interval");
    if (reapInterval.toMillis() < 1) {
      throw new IllegalArgumentException("vertx_reap_interval must be at least 1ms, not " + Durations.format(reapInterval));
    }
    this.reapInterval = reapInterval;
    return this;
  }

  /**
   * Whether the plugin starts a clustered Vert.x of its own when the one it is given is not clustered, so
   * a service joins the cluster's registry (default false: the given Vert.x decides).
   */
  public boolean isCluster() {
    return cluster;
  }

  public VertxDiscoveryOptions setCluster(boolean cluster) {
    this.cluster = cluster;
    return this;
  }

  /** The Hazelcast cluster name: members join only a cluster of the same name (default {@code micro}). */
  public String getClusterName() {
    return clusterName;
  }

  public VertxDiscoveryOptions setClusterName(String clusterName) {
    this.clusterName = notBlank(clusterName, "cluster_name");
    return this;
  }

  /** The address this member binds and is reached at: an IP address of this host (default 127.0.0.1). */
  public String getClusterHost() {
    return clusterHost;
  }

  public VertxDiscoveryOptions setClusterHost(String clusterHost) {
    String host = notBlank(clusterHost, "cluster_host");
    if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new IllegalArgumentException("cluster_host must be an IP address of this host, not \"" + clusterHost + "\"");
    }
    this.clusterHost = host;
    return this;
  }

  /** The first port this member tries; taken ports are skipped upwards (default 5701, 0 for any free port). */
  public int getClusterPort() {
    return clusterPort;
  }

  public VertxDiscoveryOptions setClusterPort(int clusterPort) {
    if (clusterPort < 0 || clusterPort > 65535) {
      throw new IllegalArgumentException("cluster_port must be 0 to 65535, not " + clusterPort);
    }
    this.clusterPort = clusterPort;
    return this;
  }

  /**
   * The members to join by TCP ({@code host} or {@code host:port}); multicast is never used. Unset, the
   * member looks for others on its own host ({@link #getClusterHost()}) from the cluster port upwards.
   */
  public List<String> getClusterMembers() {
    return clusterMembers != null ? clusterMembers : List.of(clusterHost);
  }

  public VertxDiscoveryOptions setClusterMembers(List<String> clusterMembers) {
    if (clusterMembers != null) {
      for (String member : clusterMembers) {
        if (member == null || !member.matches("[0-9.]+(:\\d{1,5})?|\\[[0-9a-fA-F:]+\\](:\\d{1,5})?")) {
          throw new IllegalArgumentException("cluster_members must list IP addresses as host or host:port, not \"" + member + "\"");
        }
      }
      clusterMembers = List.copyOf(clusterMembers);
    }
    this.clusterMembers = clusterMembers;
    return this;
  }

  private static String notBlank(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " must not be empty");
    }
    return value.trim();
  }

  private static Duration parse(String key, Object value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }
}
