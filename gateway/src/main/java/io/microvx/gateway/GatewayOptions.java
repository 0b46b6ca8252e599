package io.microvx.gateway;

import io.microvx.config.MicroOptions;
import io.microvx.security.ListenAddress;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every option of the API gateway, under flat snake_case keys like micro's flags ({@code api_address},
 * {@code api_namespace}, {@code api_handler}, {@code enable_rpc}, {@code cors_*}, {@code auth_*},
 * {@code rate_*}), read from a {@code -conf} JSON, {@code MICRO_*} variables and {@code --flags} through
 * {@link io.microvx.config.MicroConfig}. The same object carries the core's keys ({@code registry},
 * {@code client_request_timeout}, …) for the registry and client the gateway calls through:
 * {@link #getMicro()}.
 */
public class GatewayOptions {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:8080";
  public static final String DEFAULT_NAMESPACE = "go.micro.api";
  public static final String DEFAULT_HANDLER = "meta";
  public static final Set<String> HANDLERS = Set.of("meta", "rpc", "api", "http", "proxy", "web", "event");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_BODY_SIZE = 4 * 1024 * 1024;
  public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final String DEFAULT_EVENT_PREFIX = "/event";

  private String address = DEFAULT_ADDRESS;
  private String namespace = DEFAULT_NAMESPACE;
  private String routeNamespace = DEFAULT_NAMESPACE;
  private boolean open;
  private String tlsCert;
  private String tlsKey;
  private String handler = DEFAULT_HANDLER;
  private boolean enableRpc;
  private Duration timeout = DEFAULT_TIMEOUT;
  private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
  private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
  private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
  private String eventPrefix = DEFAULT_EVENT_PREFIX;
  private Map<String, String> staticNodes = Map.of();
  private int instances;
  private boolean metrics = true;
  private CorsOptions cors = new CorsOptions();
  private AuthOptions auth = new AuthOptions();
  private RateLimitOptions rate = new RateLimitOptions();
  private JsonObject raw = new JsonObject();

  public GatewayOptions() {
  }

  public GatewayOptions(GatewayOptions other) {
    this(other.toJson());
  }

  public GatewayOptions(JsonObject json) {
    this.raw = json.copy();
    setAddress(OptionValues.string(json, "api_address", DEFAULT_ADDRESS));
    setNamespace(OptionValues.string(json, "api_namespace", DEFAULT_NAMESPACE));
    setRouteNamespace(OptionValues.string(json, "api_route_namespace", DEFAULT_NAMESPACE));
    setOpen(OptionValues.bool(json, "api_open", false));
    setTls(OptionValues.string(json, "api_tls_cert", null), OptionValues.string(json, "api_tls_key", null));
    setHandler(OptionValues.string(json, "api_handler", DEFAULT_HANDLER));
    setEnableRpc(OptionValues.bool(json, "enable_rpc", false));
    setTimeout(OptionValues.duration(json, "api_timeout", DEFAULT_TIMEOUT));
    setMaxBodySize(OptionValues.integer(json, "api_max_body_size", DEFAULT_MAX_BODY_SIZE));
    setMaxHeaderSize(OptionValues.integer(json, "api_max_header_size", DEFAULT_MAX_HEADER_SIZE));
    setIdleTimeout(OptionValues.duration(json, "api_idle_timeout", DEFAULT_IDLE_TIMEOUT));
    setEventPrefix(OptionValues.string(json, "api_event_prefix", DEFAULT_EVENT_PREFIX));
    setStaticNodes(OptionValues.map(json, "api_static_nodes", Map.of()));
    setInstances(OptionValues.integer(json, "api_instances", 0));
    setMetrics(OptionValues.bool(json, "api_metrics", true));
    this.cors = new CorsOptions(json);
    this.auth = new AuthOptions(json);
    this.rate = new RateLimitOptions(json);
  }

  /** The flat form: the gateway's keys over any other keys given in (the core's among them). */
  public JsonObject toJson() {
    return raw.copy()
      .put("api_address", address)
      .put("api_namespace", namespace)
      .put("api_route_namespace", routeNamespace)
      .put("api_open", open)
      .put("api_handler", handler)
      .put("enable_rpc", enableRpc)
      .put("api_timeout", io.microvx.config.Durations.format(timeout))
      .put("api_max_body_size", maxBodySize)
      .put("api_max_header_size", maxHeaderSize)
      .put("api_idle_timeout", io.microvx.config.Durations.format(idleTimeout))
      .put("api_event_prefix", eventPrefix)
      .put("api_static_nodes", OptionValues.object(staticNodes))
      .put("api_instances", instances)
      .put("api_metrics", metrics)
      .mergeIn(tlsCert == null ? new JsonObject() : new JsonObject().put("api_tls_cert", tlsCert).put("api_tls_key", tlsKey))
      .mergeIn(cors.toJson())
      .mergeIn(auth.toJson())
      .mergeIn(rate.toJson());
  }

  /** The core's options (registry, selector, transport, client) read from the same keys. */
  public MicroOptions getMicro() {
    return new MicroOptions(toJson());
  }

  public String getAddress() {
    return address;
  }

  /** {@code host:port} to listen on ({@code :8080} means every interface). */
  public GatewayOptions setAddress(String address) {
    Objects.requireNonNull(address, "api_address");
    ListenAddress.parse("api_address", address);
    this.address = address;
    return this;
  }

  /** The host part of the address, every interface when empty. */
  public String host() {
    return ListenAddress.parse("api_address", address).host();
  }

  public int port() {
    return ListenAddress.parse("api_address", address).port();
  }

  public String getNamespace() {
    return namespace;
  }

  /** Prefix tried first when resolving a service name ({@code go.micro.api.greeter}, then {@code greeter}). */
  public GatewayOptions setNamespace(String namespace) {
    Objects.requireNonNull(namespace, "api_namespace");
    if (!namespace.matches("[A-Za-z0-9_.-]*") || namespace.startsWith(".") || namespace.endsWith(".")) {
      throw new IllegalArgumentException("api_namespace must be a dotted name: " + namespace);
    }
    this.namespace = namespace;
    return this;
  }

  public String getRouteNamespace() {
    return routeNamespace;
  }

  /**
   * Only services named under this namespace may declare routes in their endpoint metadata ({@code path},
   * {@code method}, {@code host}); empty: any registered service may (and so take over any path).
   */
  public GatewayOptions setRouteNamespace(String routeNamespace) {
    Objects.requireNonNull(routeNamespace, "api_route_namespace");
    if (!routeNamespace.matches("[A-Za-z0-9_.-]*") || routeNamespace.startsWith(".") || routeNamespace.endsWith(".")) {
      throw new IllegalArgumentException("api_route_namespace must be a dotted name: " + routeNamespace);
    }
    this.routeNamespace = routeNamespace;
    return this;
  }

  public boolean isOpen() {
    return open;
  }

  /**
   * Lets the gateway listen beyond loopback without requiring a credential everywhere: it is meant to be
   * open to all. Without it, an address beyond loopback needs {@code auth_required} and a credential.
   */
  public GatewayOptions setOpen(boolean open) {
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
  public GatewayOptions setTls(String cert, String key) {
    io.microvx.security.Tls.Pair pair = io.microvx.security.Tls.pair("api", cert, key);
    this.tlsCert = pair.cert();
    this.tlsKey = pair.key();
    return this;
  }

  /** Whether only this machine can reach the address. */
  public boolean isLoopback() {
    return ListenAddress.parse("api_address", address).isLoopback();
  }

  public String getHandler() {
    return handler;
  }

  /**
   * How path-resolved requests are served: {@code meta} (each endpoint's registry metadata decides,
   * {@code rpc} by default), {@code rpc}, {@code api}, {@code http} (or {@code proxy}), {@code web},
   * {@code event}.
   */
  public GatewayOptions setHandler(String handler) {
    String name = Objects.requireNonNull(handler, "api_handler").trim().toLowerCase(Locale.ROOT);
    if (!HANDLERS.contains(name)) {
      throw new IllegalArgumentException("api_handler must be one of " + new java.util.TreeSet<>(HANDLERS) + ": " + handler);
    }
    this.handler = name.equals("proxy") ? "http" : name;
    return this;
  }

  public boolean isEnableRpc() {
    return enableRpc;
  }

  /** Serves {@code POST /rpc} (off by default, as in micro since v1.9). */
  public GatewayOptions setEnableRpc(boolean enableRpc) {
    this.enableRpc = enableRpc;
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  /** Time a request may take from its arrival, body included; 504 beyond (408 if its body was still coming). */
  public GatewayOptions setTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("api_timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  public int getMaxBodySize() {
    return maxBodySize;
  }

  /** Request bodies larger than this many bytes are refused with 413. */
  public GatewayOptions setMaxBodySize(int maxBodySize) {
    if (maxBodySize < 1) {
      throw new IllegalArgumentException("api_max_body_size must be positive: " + maxBodySize);
    }
    this.maxBodySize = maxBodySize;
    return this;
  }

  public int getMaxHeaderSize() {
    return maxHeaderSize;
  }

  /** Bytes of request headers accepted; beyond, 431. */
  public GatewayOptions setMaxHeaderSize(int maxHeaderSize) {
    if (maxHeaderSize < 1024) {
      throw new IllegalArgumentException("api_max_header_size must be at least 1024: " + maxHeaderSize);
    }
    this.maxHeaderSize = maxHeaderSize;
    return this;
  }

  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  /** A client connection silent this long is closed. */
  public GatewayOptions setIdleTimeout(Duration idleTimeout) {
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("api_idle_timeout must be at least 1s: " + idleTimeout);
    }
    this.idleTimeout = idleTimeout;
    return this;
  }

  public String getEventPrefix() {
    return eventPrefix;
  }

  /** Path prefix of the {@code event} handler when a broker is given ({@code /event/foo/bar}); empty: none. */
  public GatewayOptions setEventPrefix(String eventPrefix) {
    String prefix = eventPrefix == null ? "" : eventPrefix.trim();
    if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.length() < 2)) {
      throw new IllegalArgumentException("api_event_prefix must look like /event: " + eventPrefix);
    }
    this.eventPrefix = prefix;
    return this;
  }

  public Map<String, String> getStaticNodes() {
    return staticNodes;
  }

  /**
   * Nodes registered in the gateway's registry at start, {@code name=host:port} (the name may repeat with
   * {@code ;}-separated addresses: {@code greeter=10.0.0.1:8090;10.0.0.2:8090}): for a gateway run alone
   * in front of services it cannot discover.
   */
  public GatewayOptions setStaticNodes(Map<String, String> staticNodes) {
    staticNodes.forEach((name, addresses) -> {
      for (String address : addresses.split(";")) {
        if (!address.trim().matches("\\[?[A-Za-z0-9_.:-]+]?:\\d{1,5}")) {
          throw new IllegalArgumentException("api_static_nodes: " + name + "=" + address + " is not host:port");
        }
      }
    });
    this.staticNodes = Map.copyOf(staticNodes);
    return this;
  }

  public int getInstances() {
    return instances;
  }

  /** Verticle instances {@link GatewayMain} deploys; 0 means one per core. */
  public GatewayOptions setInstances(int instances) {
    if (instances < 0) {
      throw new IllegalArgumentException("api_instances must not be negative: " + instances);
    }
    this.instances = instances;
    return this;
  }

  public boolean isMetrics() {
    return metrics;
  }

  /** Serves Prometheus {@code /metrics}. */
  public GatewayOptions setMetrics(boolean metrics) {
    this.metrics = metrics;
    return this;
  }

  public CorsOptions getCors() {
    return cors;
  }

  public GatewayOptions setCors(CorsOptions cors) {
    this.cors = Objects.requireNonNull(cors, "cors");
    return this;
  }

  public AuthOptions getAuth() {
    return auth;
  }

  public GatewayOptions setAuth(AuthOptions auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
    return this;
  }

  public RateLimitOptions getRate() {
    return rate;
  }

  public GatewayOptions setRate(RateLimitOptions rate) {
    this.rate = Objects.requireNonNull(rate, "rate");
    return this;
  }
}
