package io.microvx.nats;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Options of the NATS broker and transport, under flag-style keys ({@code MICRO_<KEY>} variables,
 * {@code --<key>} flags): the servers ({@code broker_address} for the broker, {@code transport_address}
 * for the transport, {@code nats_address} for both; comma-separated), credentials (a token, a user and
 * password, a {@code .creds} file or an nkey seed file), TLS, the connection's name and reconnect
 * behaviour, and for durable subscriptions how JetStream streams are named and kept and how long an
 * unacknowledged delivery waits before JetStream sends it again.
 */
public class NatsOptions {

  public static final String DEFAULT_SERVER = "nats://127.0.0.1:4222";
  public static final String DEFAULT_CONNECTION_NAME = "microvx";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RECONNECT_WAIT = Duration.ofSeconds(1);
  public static final int DEFAULT_MAX_RECONNECTS = -1;
  public static final long DEFAULT_RECONNECT_BUFFER = 8L * 1024 * 1024;
  public static final String DEFAULT_STREAM_PREFIX = "micro_";
  public static final String DEFAULT_STREAM_RETENTION = "limits";
  public static final String DEFAULT_STREAM_STORAGE = "file";
  /** As long as Kafka keeps a topic's records by default. */
  public static final Duration DEFAULT_STREAM_MAX_AGE = Duration.ofDays(7);
  public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STREAM_LOOKUP_TTL = Duration.ofSeconds(5);

  private List<String> servers = List.of(DEFAULT_SERVER);
  private String connectionName = DEFAULT_CONNECTION_NAME;
  private String token;
  private String user;
  private String password;
  private String credentials;
  private String nkey;
  private boolean tls;
  private String truststore;
  private String truststorePassword;
  private String keystore;
  private String keystorePassword;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration reconnectWait = DEFAULT_RECONNECT_WAIT;
  private int maxReconnects = DEFAULT_MAX_RECONNECTS;
  private long reconnectBuffer = DEFAULT_RECONNECT_BUFFER;
  private String streamPrefix = DEFAULT_STREAM_PREFIX;
  private String streamRetention = DEFAULT_STREAM_RETENTION;
  private String streamStorage = DEFAULT_STREAM_STORAGE;
  private Duration streamMaxAge = DEFAULT_STREAM_MAX_AGE;
  private Duration ackWait = DEFAULT_ACK_WAIT;
  private Duration streamLookupTtl = DEFAULT_STREAM_LOOKUP_TTL;

  public NatsOptions() {
  }

  public NatsOptions(NatsOptions other) {
    this.servers = other.servers;
    this.connectionName = other.connectionName;
    this.token = other.token;
    this.user = other.user;
    this.password = other.password;
    this.credentials = other.credentials;
    this.nkey = other.nkey;
    this.tls = other.tls;
    this.truststore = other.truststore;
    this.truststorePassword = other.truststorePassword;
    this.keystore = other.keystore;
    this.keystorePassword = other.keystorePassword;
    this.connectTimeout = other.connectTimeout;
    this.reconnectWait = other.reconnectWait;
    this.maxReconnects = other.maxReconnects;
    this.reconnectBuffer = other.reconnectBuffer;
    this.streamPrefix = other.streamPrefix;
    this.streamRetention = other.streamRetention;
    this.streamStorage = other.streamStorage;
    this.streamMaxAge = other.streamMaxAge;
    this.ackWait = other.ackWait;
    this.streamLookupTtl = other.streamLookupTtl;
  }

  /** Reads the {@code nats_*} keys; the servers from {@code nats_address}. */
  public NatsOptions(JsonObject json) {
    this(json, null);
  }

  /**
   * Reads the {@code nats_*} keys; the servers from {@code addressKey} ({@code broker_address},
   * {@code transport_address}) when set, else from {@code nats_address}.
   */
  public NatsOptions(JsonObject json, String addressKey) {
    String address = addressKey == null ? null : json.getString(addressKey);
    if (address == null || address.isBlank()) {
      address = json.getString("nats_address");
    }
    if (address != null && !address.isBlank()) {
      setServers(Arrays.asList(address.split(",")));
    }
    connectionName = json.getString("nats_connection_name", DEFAULT_CONNECTION_NAME);
    token = json.getString("nats_token");
    user = json.getString("nats_user");
    password = json.getString("nats_password");
    credentials = json.getString("nats_credentials");
    nkey = json.getString("nats_nkey");
    tls = Boolean.parseBoolean(String.valueOf(json.getValue("nats_tls", false)));
    truststore = json.getString("nats_truststore");
    truststorePassword = json.getString("nats_truststore_password");
    keystore = json.getString("nats_keystore");
    keystorePassword = json.getString("nats_keystore_password");
    if (json.containsKey("nats_connect_timeout")) {
      setConnectTimeout(Durations.parse(json.getValue("nats_connect_timeout")));
    }
    if (json.containsKey("nats_reconnect_wait")) {
      setReconnectWait(Durations.parse(json.getValue("nats_reconnect_wait")));
    }
    if (json.containsKey("nats_max_reconnects")) {
      setMaxReconnects(Integer.parseInt(String.valueOf(json.getValue("nats_max_reconnects"))));
    }
    if (json.containsKey("nats_reconnect_buffer")) {
      setReconnectBuffer(Long.parseLong(String.valueOf(json.getValue("nats_reconnect_buffer"))));
    }
    setStreamPrefix(json.getString("nats_stream_prefix", DEFAULT_STREAM_PREFIX));
    setStreamRetention(json.getString("nats_stream_retention", DEFAULT_STREAM_RETENTION));
    setStreamStorage(json.getString("nats_stream_storage", DEFAULT_STREAM_STORAGE));
    if (json.containsKey("nats_stream_max_age")) {
      setStreamMaxAge(Durations.parse(json.getValue("nats_stream_max_age")));
    }
    if (json.containsKey("nats_ack_wait")) {
      setAckWait(Durations.parse(json.getValue("nats_ack_wait")));
    }
    if (json.containsKey("nats_stream_lookup_ttl")) {
      setStreamLookupTtl(Durations.parse(json.getValue("nats_stream_lookup_ttl")));
    }
  }

  /** The options as flat keys; secrets are left out. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("nats_address", String.join(",", servers))
      .put("nats_connection_name", connectionName)
      .put("nats_tls", tls)
      .put("nats_connect_timeout", Durations.format(connectTimeout))
      .put("nats_reconnect_wait", Durations.format(reconnectWait))
      .put("nats_max_reconnects", maxReconnects)
      .put("nats_reconnect_buffer", reconnectBuffer)
      .put("nats_stream_prefix", streamPrefix)
      .put("nats_stream_retention", streamRetention)
      .put("nats_stream_storage", streamStorage)
      .put("nats_stream_max_age", Durations.format(streamMaxAge))
      .put("nats_ack_wait", Durations.format(ackWait))
      .put("nats_stream_lookup_ttl", Durations.format(streamLookupTtl));
    if (user != null) {
      json.put("nats_user", user);
    }
    if (credentials != null) {
      json.put("nats_credentials", credentials);
    }
    if (nkey != null) {
      json.put("nats_nkey", nkey);
    }
    if (truststore != null) {
      json.put("nats_truststore", truststore);
    }
    if (keystore != null) {
      json.put("nats_keystore", keystore);
    }
    return json;
  }

  public List<String> getServers() {
    return servers;
  }

  /** Server URLs; {@code nats://} is added to a bare {@code host:port}, as go-micro does. */
  public NatsOptions setServers(List<String> servers) {
    List<String> cleaned = servers.stream().map(String::trim).filter(s -> !s.isEmpty())
      .map(s -> s.contains("://") ? s : "nats://" + s).toList();
    if (cleaned.isEmpty()) {
      throw new IllegalArgumentException("NATS needs at least one server address");
    }
    this.servers = cleaned;
    return this;
  }

  public String getConnectionName() {
    return connectionName;
  }

  /** The name the server shows for the connection (monitoring's {@code /connz}). */
  public NatsOptions setConnectionName(String connectionName) {
    this.connectionName = connectionName;
    return this;
  }

  public String getToken() {
    return token;
  }

  public NatsOptions setToken(String token) {
    this.token = token;
    return this;
  }

  public String getUser() {
    return user;
  }

  public NatsOptions setUser(String user) {
    this.user = user;
    return this;
  }

  public String getPassword() {
    return password;
  }

  public NatsOptions setPassword(String password) {
    this.password = password;
    return this;
  }

  public String getCredentials() {
    return credentials;
  }

  /** A {@code .creds} file (a JWT and an nkey seed), as {@code nsc} writes it. */
  public NatsOptions setCredentials(String credentials) {
    this.credentials = credentials;
    return this;
  }

  public String getNkey() {
    return nkey;
  }

  /** A file holding an nkey seed ({@code SU…}), for servers configured with nkey users. */
  public NatsOptions setNkey(String nkey) {
    this.nkey = nkey;
    return this;
  }

  public boolean isTls() {
    return tls;
  }

  /** TLS with the JVM's trust store, or the given one; also implied by {@code tls://} server URLs. */
  public NatsOptions setTls(boolean tls) {
    this.tls = tls;
    return this;
  }

  public String getTruststore() {
    return truststore;
  }

  public NatsOptions setTruststore(String truststore) {
    this.truststore = truststore;
    return this;
  }

  public String getTruststorePassword() {
    return truststorePassword;
  }

  public NatsOptions setTruststorePassword(String truststorePassword) {
    this.truststorePassword = truststorePassword;
    return this;
  }

  public String getKeystore() {
    return keystore;
  }

  /** A key store with the client certificate, for servers that verify clients. */
  public NatsOptions setKeystore(String keystore) {
    this.keystore = keystore;
    return this;
  }

  public String getKeystorePassword() {
    return keystorePassword;
  }

  public NatsOptions setKeystorePassword(String keystorePassword) {
    this.keystorePassword = keystorePassword;
    return this;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public NatsOptions setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = positive(connectTimeout, "nats_connect_timeout");
    return this;
  }

  public Duration getReconnectWait() {
    return reconnectWait;
  }

  /** The pause between two reconnect attempts to one server. */
  public NatsOptions setReconnectWait(Duration reconnectWait) {
    this.reconnectWait = positive(reconnectWait, "nats_reconnect_wait");
    return this;
  }

  public int getMaxReconnects() {
    return maxReconnects;
  }

  /** Reconnect attempts before the connection is given up (-1: never given up). */
  public NatsOptions setMaxReconnects(int maxReconnects) {
    this.maxReconnects = maxReconnects;
    return this;
  }

  public long getReconnectBuffer() {
    return reconnectBuffer;
  }

  /**
   * Bytes of core publications held while reconnecting; once full, publishing fails with 503. Zero: a
   * disconnected broker refuses every publication at once.
   */
  public NatsOptions setReconnectBuffer(long reconnectBuffer) {
    if (reconnectBuffer < 0) {
      throw new IllegalArgumentException("nats_reconnect_buffer must not be negative: " + reconnectBuffer);
    }
    this.reconnectBuffer = reconnectBuffer;
    return this;
  }

  public String getStreamPrefix() {
    return streamPrefix;
  }

  /** The start of the names of the streams the broker creates for durable topics. */
  public NatsOptions setStreamPrefix(String streamPrefix) {
    if (streamPrefix == null || !streamPrefix.matches("[A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("nats_stream_prefix may hold only letters, digits, _ and -: " + streamPrefix);
    }
    this.streamPrefix = streamPrefix;
    return this;
  }

  public String getStreamRetention() {
    return streamRetention;
  }

  /**
   * How a created stream keeps messages: {@code limits} (until {@code nats_stream_max_age}), {@code interest}
   * (until every durable on the topic acknowledged them; a server restarting loads streams before their
   * consumers, and what arrives in between is dropped for want of interest), {@code workqueue} (until one
   * acknowledged; one durable per topic).
   */
  public NatsOptions setStreamRetention(String streamRetention) {
    String value = streamRetention.toLowerCase(Locale.ROOT);
    if (!List.of("interest", "limits", "workqueue").contains(value)) {
      throw new IllegalArgumentException("nats_stream_retention is interest, limits or workqueue: " + streamRetention);
    }
    this.streamRetention = value;
    return this;
  }

  public String getStreamStorage() {
    return streamStorage;
  }

  /** {@code file} (survives a server restart) or {@code memory}. */
  public NatsOptions setStreamStorage(String streamStorage) {
    String value = streamStorage.toLowerCase(Locale.ROOT);
    if (!List.of("file", "memory").contains(value)) {
      throw new IllegalArgumentException("nats_stream_storage is file or memory: " + streamStorage);
    }
    this.streamStorage = value;
    return this;
  }

  public Duration getStreamMaxAge() {
    return streamMaxAge;
  }

  /** How long a created stream keeps a message at most (zero: no limit). */
  public NatsOptions setStreamMaxAge(Duration streamMaxAge) {
    if (streamMaxAge.isNegative()) {
      throw new IllegalArgumentException("nats_stream_max_age must not be negative: " + streamMaxAge);
    }
    this.streamMaxAge = streamMaxAge;
    return this;
  }

  public Duration getAckWait() {
    return ackWait;
  }

  /** How long JetStream waits for a durable delivery to be settled before it sends the message again. */
  public NatsOptions setAckWait(Duration ackWait) {
    this.ackWait = positive(ackWait, "nats_ack_wait");
    return this;
  }

  public Duration getStreamLookupTtl() {
    return streamLookupTtl;
  }

  /**
   * How long a publisher trusts what it found out about a topic's stream (whether to publish through
   * JetStream and wait for its acknowledgement).
   */
  public NatsOptions setStreamLookupTtl(Duration streamLookupTtl) {
    this.streamLookupTtl = positive(streamLookupTtl, "nats_stream_lookup_ttl");
    return this;
  }

  private static Duration positive(Duration value, String key) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive: " + value);
    }
    return value;
  }
}
