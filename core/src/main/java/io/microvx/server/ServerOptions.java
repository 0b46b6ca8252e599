package io.microvx.server;

import io.microvx.config.Durations;
import io.microvx.metadata.Ids;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options of a server, with go-micro's flag names as JSON keys: {@code server_name},
 * {@code server_version}, {@code server_id}, {@code server_address}, {@code server_advertise},
 * {@code server_metadata}, {@code register_ttl}, {@code register_interval}, {@code register_watch}, plus
 * {@code server_shutdown_timeout}, the bound on waiting for calls in flight when stopping.
 */
public class ServerOptions {

  public static final String DEFAULT_NAME = "go.micro.server";
  /** go-micro listens on every interface on a free port, and advertises a private address. */
  public static final String DEFAULT_ADDRESS = "0.0.0.0:0";
  public static final Duration DEFAULT_REGISTER_TTL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REGISTER_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private String name = DEFAULT_NAME;
  private String version;
  private String id;
  private String address = DEFAULT_ADDRESS;
  private String advertise;
  private Map<String, String> metadata = Map.of();
  private Duration registerTtl = DEFAULT_REGISTER_TTL;
  private Duration registerInterval = DEFAULT_REGISTER_INTERVAL;
  private boolean registerWatch = true;
  private boolean dropExpired = true;
  private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

  public ServerOptions() {
  }

  public ServerOptions(ServerOptions other) {
    this.name = other.name;
    this.version = other.version;
    this.id = other.id;
    this.address = other.address;
    this.advertise = other.advertise;
    this.metadata = other.metadata;
    this.registerTtl = other.registerTtl;
    this.registerInterval = other.registerInterval;
    this.registerWatch = other.registerWatch;
    this.dropExpired = other.dropExpired;
    this.shutdownTimeout = other.shutdownTimeout;
  }

  public ServerOptions(JsonObject json) {
    if (json.containsKey("server_name")) {
      setName(json.getString("server_name"));
    }
    this.version = json.getString("server_version", version);
    this.id = json.getString("server_id", id);
    if (json.containsKey("server_address")) {
      setAddress(json.getString("server_address"));
    }
    this.advertise = json.getString("server_advertise", advertise);
    Object md = json.getValue("server_metadata");
    if (md != null) {
      setMetadata(parseMetadata(md));
    }
    if (json.containsKey("register_ttl")) {
      setRegisterTtl(Durations.parse(json.getValue("register_ttl")));
    }
    if (json.containsKey("register_interval")) {
      setRegisterInterval(Durations.parse(json.getValue("register_interval")));
    }
    if (json.containsKey("register_watch")) {
      setRegisterWatch(Boolean.parseBoolean(String.valueOf(json.getValue("register_watch"))));
    }
    if (json.containsKey("drop_expired")) {
      setDropExpired(Boolean.parseBoolean(String.valueOf(json.getValue("drop_expired"))));
    }
    if (json.containsKey("server_shutdown_timeout")) {
      setShutdownTimeout(Durations.parse(json.getValue("server_shutdown_timeout")));
    }
  }

  /** {@code {"k":"v"}}, or go-micro's flag form: a list or comma-separated string of {@code k=v}. */
  static Map<String, String> parseMetadata(Object value) {
    Map<String, String> result = new HashMap<>();
    if (value instanceof JsonObject object) {
      object.forEach(e -> result.put(e.getKey(), String.valueOf(e.getValue())));
      return result;
    }
    Iterable<?> items = value instanceof Iterable<?> it ? it : java.util.Arrays.asList(String.valueOf(value).split(","));
    for (Object item : items) {
      String pair = String.valueOf(item).trim();
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid server_metadata entry \"" + pair + "\": expected key=value");
      }
      result.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return result;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("server_name", name)
      .put("server_address", address)
      .put("server_metadata", new JsonObject(new HashMap<>(metadata)))
      .put("register_ttl", Durations.format(registerTtl))
      .put("register_interval", Durations.format(registerInterval))
      .put("register_watch", registerWatch)
      .put("drop_expired", dropExpired)
      .put("server_shutdown_timeout", Durations.format(shutdownTimeout));
    if (version != null) {
      json.put("server_version", version);
    }
    if (id != null) {
      json.put("server_id", id);
    }
    if (advertise != null) {
      json.put("server_advertise", advertise);
    }
    return json;
  }

  public String getName() {
    return name;
  }

  public ServerOptions setName(String name) {
    Objects.requireNonNull(name, "server_name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("server_name must not be blank");
    }
    this.name = name;
    return this;
  }

  /** The version; unset, go-micro's default is used: the start time as {@code YYYY.MM.DD.HH.MM}. */
  public String getVersion() {
    return version;
  }

  public ServerOptions setVersion(String version) {
    this.version = version;
    return this;
  }

  /** The version to register: the one set, or go-micro's timestamp default. */
  public String effectiveVersion() {
    return version != null ? version : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy.MM.dd.HH.mm"));
  }

  public String getId() {
    return id;
  }

  /** The node id suffix; unset, a random UUID. The node id is {@code <name>-<id>}. */
  public ServerOptions setId(String id) {
    this.id = id;
    return this;
  }

  public String effectiveId() {
    return id != null ? id : Ids.uuid();
  }

  public String getAddress() {
    return address;
  }

  /** Where to listen, {@code host:port}; port 0 picks a free one. */
  public ServerOptions setAddress(String address) {
    Objects.requireNonNull(address, "server_address");
    this.address = address;
    return this;
  }

  public String getAdvertise() {
    return advertise;
  }

  /** The address to register instead of the bound one (behind NAT, in containers). */
  public ServerOptions setAdvertise(String advertise) {
    this.advertise = advertise;
    return this;
  }

  public Map<String, String> getMetadata() {
    return metadata;
  }

  /** Metadata added to the node's (after the toolkit's own entries, which it cannot override). */
  public ServerOptions setMetadata(Map<String, String> metadata) {
    this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    return this;
  }

  public Duration getRegisterTtl() {
    return registerTtl;
  }

  public ServerOptions setRegisterTtl(Duration registerTtl) {
    if (registerTtl.isNegative()) {
      throw new IllegalArgumentException("register_ttl must not be negative: " + registerTtl);
    }
    this.registerTtl = registerTtl;
    return this;
  }

  public Duration getRegisterInterval() {
    return registerInterval;
  }

  /** How often to register again (renewing the TTL); zero: only at start. */
  public ServerOptions setRegisterInterval(Duration registerInterval) {
    if (registerInterval.isNegative()) {
      throw new IllegalArgumentException("register_interval must not be negative: " + registerInterval);
    }
    this.registerInterval = registerInterval;
    return this;
  }

  public boolean isRegisterWatch() {
    return registerWatch;
  }

  /**
   * Whether the server watches its own service and registers again at once when the registry loses its
   * node (a wiped store, a restarted registry, a lapsed TTL) rather than at the next renewal. On by default.
   */
  public ServerOptions setRegisterWatch(boolean registerWatch) {
    this.registerWatch = registerWatch;
    return this;
  }

  public boolean isDropExpired() {
    return dropExpired;
  }

  /**
   * The default of {@code drop_expired} for this server's subscriptions that do not set it themselves
   * ({@link Server#subscribe(String, Object)}): whether a message whose deadline passed before delivery is
   * acknowledged unhandled and counted (on by default), or handed over all the same.
   */
  public ServerOptions setDropExpired(boolean dropExpired) {
    this.dropExpired = dropExpired;
    return this;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public ServerOptions setShutdownTimeout(Duration shutdownTimeout) {
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("server_shutdown_timeout must not be negative: " + shutdownTimeout);
    }
    this.shutdownTimeout = shutdownTimeout;
    return this;
  }
}
