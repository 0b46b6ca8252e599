package io.microvx.web;

import io.microvx.config.Durations;
import io.microvx.security.ListenAddress;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Options of the web dashboard, under micro's flag names: where it listens ({@code web_address}, default
 * {@code 127.0.0.1:8082}), the namespace of the web services it proxies to ({@code web_namespace},
 * {@code go.micro.web}), the login it asks for ({@code web_auth_token}, or {@code web_auth_user} with
 * {@code web_auth_password}; one of them is required when it listens beyond loopback), how long it waits
 * for a proxied web service to answer ({@code web_proxy_timeout}, 30 s), the longest timeout a call from
 * the dashboard may ask for ({@code web_max_call_timeout}, 60 s) and the largest API body it reads
 * ({@code web_max_body_size}, 1 MiB), and how often the overview samples every node
 * ({@code web_overview_interval}, 5 s; 0 turns it off). A token is at least 16 characters. {@code web_open=true} lets it
 * listen beyond loopback without a login; {@code web_tls_cert} and {@code web_tls_key} (PEM files) make
 * it serve HTTPS.
 */
public class WebDashboardOptions {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:8082";
  public static final String DEFAULT_NAMESPACE = "go.micro.web";
  public static final Duration DEFAULT_PROXY_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_CALL_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
  public static final Duration DEFAULT_OVERVIEW_INTERVAL = Duration.ofSeconds(5);
  public static final int MIN_TOKEN_LENGTH = io.microvx.security.Tokens.MIN_LENGTH;

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9]+([.-][A-Za-z0-9]+)*");

  private String address = DEFAULT_ADDRESS;
  private String namespace = DEFAULT_NAMESPACE;
  private String authToken;
  private String authUser;
  private String authPassword;
  private Duration proxyTimeout = DEFAULT_PROXY_TIMEOUT;
  private Duration maxCallTimeout = DEFAULT_MAX_CALL_TIMEOUT;
  private int maxBodySize = DEFAULT_MAX_BODY_SIZE;
  private Duration overviewInterval = DEFAULT_OVERVIEW_INTERVAL;
  private boolean open;
  private String tlsCert;
  private String tlsKey;

  public WebDashboardOptions() {
  }

  public WebDashboardOptions(WebDashboardOptions other) {
    this.address = other.address;
    this.namespace = other.namespace;
    this.authToken = other.authToken;
    this.authUser = other.authUser;
    this.authPassword = other.authPassword;
    this.proxyTimeout = other.proxyTimeout;
    this.maxCallTimeout = other.maxCallTimeout;
    this.maxBodySize = other.maxBodySize;
    this.overviewInterval = other.overviewInterval;
    this.open = other.open;
    this.tlsCert = other.tlsCert;
    this.tlsKey = other.tlsKey;
  }

  /** From flat options ({@code -conf}, {@code MICRO_*} variables, flags), where every value may be a string. */
  public WebDashboardOptions(JsonObject json) {
    setAddress(string(json, "web_address"));
    setNamespace(string(json, "web_namespace"));
    setAuthToken(string(json, "web_auth_token"));
    setAuthUser(string(json, "web_auth_user"));
    setAuthPassword(string(json, "web_auth_password"));
    if (json.getValue("web_proxy_timeout") != null) {
      setProxyTimeout(Durations.parse(json.getValue("web_proxy_timeout")));
    }
    if (json.getValue("web_max_call_timeout") != null) {
      setMaxCallTimeout(Durations.parse(json.getValue("web_max_call_timeout")));
    }
    if (json.getValue("web_overview_interval") != null) {
      setOverviewInterval(Durations.parse(json.getValue("web_overview_interval")));
    }
    setOpen(Boolean.parseBoolean(string(json, "web_open")));
    setTls(string(json, "web_tls_cert"), string(json, "web_tls_key"));
    String size = string(json, "web_max_body_size");
    if (size != null) {
      try {
        setMaxBodySize(Integer.parseInt(size.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("web_max_body_size must be a whole number: " + size, e);
      }
    }
  }

  private static String string(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? null : String.valueOf(value);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("web_address", address)
      .put("web_namespace", namespace)
      .put("web_proxy_timeout", Durations.format(proxyTimeout))
      .put("web_max_call_timeout", Durations.format(maxCallTimeout))
      .put("web_max_body_size", maxBodySize)
      .put("web_overview_interval", Durations.format(overviewInterval))
      .put("web_open", open);
    if (tlsCert != null) {
      json.put("web_tls_cert", tlsCert).put("web_tls_key", tlsKey);
    }
    if (authToken != null) {
      json.put("web_auth_token", authToken);
    }
    if (authUser != null) {
      json.put("web_auth_user", authUser);
    }
    if (authPassword != null) {
      json.put("web_auth_password", authPassword);
    }
    return json;
  }

  public String getAddress() {
    return address;
  }

  /** {@code host:port}; {@code :8082} or {@code 0.0.0.0:8082} listen on every interface (a login is then required). */
  public WebDashboardOptions setAddress(String address) {
    this.address = address == null || address.isBlank() ? DEFAULT_ADDRESS : address.trim();
    port();
    return this;
  }

  public String getNamespace() {
    return namespace;
  }

  /** The prefix of web services' names: {@code /greeter/} is served by {@code <namespace>.greeter}. */
  public WebDashboardOptions setNamespace(String namespace) {
    String value = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.trim();
    if (!NAMESPACE.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid web_namespace \"" + value + "\": expected e.g. go.micro.web");
    }
    this.namespace = value;
    return this;
  }

  public String getAuthToken() {
    return authToken;
  }

  /** A token to sign in with (on the login page, or as {@code Authorization: Bearer <token>}). */
  public WebDashboardOptions setAuthToken(String authToken) {
    this.authToken = io.microvx.security.Tokens.checked("web_auth_token", authToken);
    return this;
  }

  public boolean isOpen() {
    return open;
  }

  /** Listening beyond loopback without a login is allowed only with this: the dashboard is meant to be open to all. */
  public WebDashboardOptions setOpen(boolean open) {
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
  public WebDashboardOptions setTls(String cert, String key) {
    io.microvx.security.Tls.Pair pair = io.microvx.security.Tls.pair("web", cert, key);
    this.tlsCert = pair.cert();
    this.tlsKey = pair.key();
    return this;
  }

  public String getAuthUser() {
    return authUser;
  }

  /** With {@link #setAuthPassword}: HTTP basic authentication. */
  public WebDashboardOptions setAuthUser(String authUser) {
    this.authUser = authUser == null || authUser.isBlank() ? null : authUser;
    return this;
  }

  public String getAuthPassword() {
    return authPassword;
  }

  public WebDashboardOptions setAuthPassword(String authPassword) {
    this.authPassword = authPassword == null || authPassword.isEmpty() ? null : authPassword;
    return this;
  }

  public Duration getProxyTimeout() {
    return proxyTimeout;
  }

  /** How long a proxied web service has to accept the connection and to send its reply's headers. */
  public WebDashboardOptions setProxyTimeout(Duration proxyTimeout) {
    this.proxyTimeout = positive(proxyTimeout, "web_proxy_timeout");
    return this;
  }

  public Duration getMaxCallTimeout() {
    return maxCallTimeout;
  }

  /** The longest timeout a call from the dashboard may ask for; longer ones are cut to it. */
  public WebDashboardOptions setMaxCallTimeout(Duration maxCallTimeout) {
    this.maxCallTimeout = positive(maxCallTimeout, "web_max_call_timeout");
    return this;
  }

  public Duration getOverviewInterval() {
    return overviewInterval;
  }

  /**
   * How often the overview asks every node for Debug.Health and Debug.Stats (5 s by default; it keeps
   * 15 minutes of what it learns); zero turns the overview's sampling off.
   */
  public WebDashboardOptions setOverviewInterval(Duration overviewInterval) {
    if (overviewInterval == null || overviewInterval.isNegative()) {
      throw new IllegalArgumentException("web_overview_interval must be zero or positive: " + overviewInterval);
    }
    this.overviewInterval = overviewInterval;
    return this;
  }

  public int getMaxBodySize() {
    return maxBodySize;
  }

  public WebDashboardOptions setMaxBodySize(int maxBodySize) {
    if (maxBodySize < 1) {
      throw new IllegalArgumentException("web_max_body_size must be positive: " + maxBodySize);
    }
    this.maxBodySize = maxBodySize;
    return this;
  }

  private static Duration positive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /** Whether a login is configured. */
  public boolean hasLogin() {
    return authToken != null || (authUser != null && authPassword != null);
  }

  /** The host part of the address, {@code 0.0.0.0} for {@code :port}. */
  public String host() {
    return ListenAddress.parse("web_address", address).host();
  }

  /** The port part of the address (0: one the system picks). */
  public int port() {
    return ListenAddress.parse("web_address", address).port();
  }

  /** Whether only this machine can reach the address. */
  public boolean isLoopback() {
    return ListenAddress.parse("web_address", address).isLoopback();
  }
}
