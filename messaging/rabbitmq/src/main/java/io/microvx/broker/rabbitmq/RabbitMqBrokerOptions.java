package io.microvx.broker.rabbitmq;

import io.microvx.broker.BrokerOptions;
import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the {@code rabbitmq} broker (and the transport's connection). From flat options:
 * {@code broker_address}, else {@code rabbitmq_address} (an {@code amqp://} or {@code amqps://} URI),
 * {@code rabbitmq_exchange}, {@code rabbitmq_exchange_durable},
 * {@code rabbitmq_prefetch}, {@code rabbitmq_persistent}, {@code rabbitmq_tls}, {@code rabbitmq_tls_trust_all},
 * {@code rabbitmq_ca_file}, {@code rabbitmq_heartbeat}, {@code rabbitmq_connect_timeout},
 * {@code rabbitmq_reconnect_interval} (as environment variables {@code MICRO_BROKER_ADDRESS},
 * {@code MICRO_RABBITMQ_EXCHANGE} and so on), plus the core's {@code broker_redeliveries} and
 * {@code broker_retry_backoff}.
 */
public class RabbitMqBrokerOptions {

  /** go-micro's default URL. */
  public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672";
  /** go-micro's default exchange: Go services publishing to the same server are heard, and hear ours. */
  public static final String DEFAULT_EXCHANGE = "micro";
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofSeconds(1);

  private String uri = DEFAULT_URI;
  private String exchange = DEFAULT_EXCHANGE;
  private boolean exchangeDurable;
  private int prefetch;
  private boolean persistent = true;
  private boolean tls;
  private boolean tlsTrustAll;
  private String caFile;
  private Duration heartbeat = DEFAULT_HEARTBEAT;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration reconnectInterval = DEFAULT_RECONNECT_INTERVAL;
  private BrokerOptions brokerOptions = new BrokerOptions();

  public RabbitMqBrokerOptions() {
  }

  public RabbitMqBrokerOptions(RabbitMqBrokerOptions other) {
    this.uri = other.uri;
    this.exchange = other.exchange;
    this.exchangeDurable = other.exchangeDurable;
    this.prefetch = other.prefetch;
    this.persistent = other.persistent;
    this.tls = other.tls;
    this.tlsTrustAll = other.tlsTrustAll;
    this.caFile = other.caFile;
    this.heartbeat = other.heartbeat;
    this.connectTimeout = other.connectTimeout;
    this.reconnectInterval = other.reconnectInterval;
    this.brokerOptions = new BrokerOptions(other.brokerOptions);
  }

  /** From flat options, as {@code micro} and {@code MICRO_*} variables give them. */
  public RabbitMqBrokerOptions(JsonObject json) {
    String address = json.getString("broker_address");
    if (address == null || address.isBlank()) {
      address = json.getString("rabbitmq_address"); // the one address both the broker and the transport read
    }
    if (address != null && !address.isBlank()) {
      setUri(address.split(",")[0].trim());
    }
    if (json.containsKey("rabbitmq_exchange")) {
      setExchange(json.getString("rabbitmq_exchange"));
    }
    exchangeDurable = bool(json, "rabbitmq_exchange_durable", false);
    if (json.containsKey("rabbitmq_prefetch")) {
      setPrefetch(Integer.parseInt(String.valueOf(json.getValue("rabbitmq_prefetch"))));
    }
    persistent = bool(json, "rabbitmq_persistent", true);
    tls = bool(json, "rabbitmq_tls", false);
    tlsTrustAll = bool(json, "rabbitmq_tls_trust_all", false);
    String ca = json.getString("rabbitmq_ca_file");
    caFile = ca == null || ca.isBlank() ? null : ca;
    if (json.containsKey("rabbitmq_heartbeat")) {
      setHeartbeat(Durations.parse(json.getValue("rabbitmq_heartbeat")));
    }
    if (json.containsKey("rabbitmq_connect_timeout")) {
      setConnectTimeout(Durations.parse(json.getValue("rabbitmq_connect_timeout")));
    }
    if (json.containsKey("rabbitmq_reconnect_interval")) {
      setReconnectInterval(Durations.parse(json.getValue("rabbitmq_reconnect_interval")));
    }
    brokerOptions = new BrokerOptions(json);
  }

  private static boolean bool(JsonObject json, String key, boolean otherwise) {
    return json.containsKey(key) ? Boolean.parseBoolean(String.valueOf(json.getValue(key))) : otherwise;
  }

  public JsonObject toJson() {
    JsonObject json = brokerOptions.toJson()
      .put("broker_address", uri)
      .put("rabbitmq_exchange", exchange)
      .put("rabbitmq_exchange_durable", exchangeDurable)
      .put("rabbitmq_prefetch", prefetch)
      .put("rabbitmq_persistent", persistent)
      .put("rabbitmq_tls", tls)
      .put("rabbitmq_tls_trust_all", tlsTrustAll)
      .put("rabbitmq_heartbeat", Durations.format(heartbeat))
      .put("rabbitmq_connect_timeout", Durations.format(connectTimeout))
      .put("rabbitmq_reconnect_interval", Durations.format(reconnectInterval));
    if (caFile != null) {
      json.put("rabbitmq_ca_file", caFile);
    }
    return json;
  }

  public String getUri() {
    return uri;
  }

  /** {@code amqp://user:password@host:port/vhost}, or {@code amqps://} for TLS. */
  public RabbitMqBrokerOptions setUri(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.startsWith("amqp://") && !uri.startsWith("amqps://")) {
      throw new IllegalArgumentException("broker_address: the rabbitmq broker needs an amqp:// or amqps:// URI, not " + uri);
    }
    URI parsed = URI.create(uri);
    if (parsed.getHost() == null) {
      throw new IllegalArgumentException("broker_address: no host in " + uri);
    }
    this.uri = uri;
    return this;
  }

  public String getExchange() {
    return exchange;
  }

  /** The topic exchange every topic is published to ({@code micro}, go-micro's). */
  public RabbitMqBrokerOptions setExchange(String exchange) {
    if (exchange == null || exchange.isBlank()) {
      throw new IllegalArgumentException("rabbitmq_exchange must not be empty");
    }
    this.exchange = exchange;
    return this;
  }

  public boolean isExchangeDurable() {
    return exchangeDurable;
  }

  /**
   * Declares the exchange durable. Off by default, like go-micro: a server refuses a second declaration
   * that differs, so Go and Java services sharing one exchange must agree.
   */
  public RabbitMqBrokerOptions setExchangeDurable(boolean exchangeDurable) {
    this.exchangeDurable = exchangeDurable;
    return this;
  }

  public int getPrefetch() {
    return prefetch;
  }

  /** Unacknowledged deliveries per subscription, at most; 0 (the default): its {@code max_in_flight}. */
  public RabbitMqBrokerOptions setPrefetch(int prefetch) {
    if (prefetch < 0 || prefetch > 65535) {
      throw new IllegalArgumentException("rabbitmq_prefetch must be within 0..65535: " + prefetch);
    }
    this.prefetch = prefetch;
    return this;
  }

  public boolean isPersistent() {
    return persistent;
  }

  /** Publishes with delivery mode 2, so durable queues keep messages across a server restart. */
  public RabbitMqBrokerOptions setPersistent(boolean persistent) {
    this.persistent = persistent;
    return this;
  }

  public boolean isTls() {
    return tls || uri.startsWith("amqps://");
  }

  /** TLS even with an {@code amqp://} URI ({@code amqps://} implies it). */
  public RabbitMqBrokerOptions setTls(boolean tls) {
    this.tls = tls;
    return this;
  }

  public boolean isTlsTrustAll() {
    return tlsTrustAll;
  }

  /** Accepts any server certificate: for tests only. */
  public RabbitMqBrokerOptions setTlsTrustAll(boolean tlsTrustAll) {
    this.tlsTrustAll = tlsTrustAll;
    return this;
  }

  public String getCaFile() {
    return caFile;
  }

  /** PEM certificates the server's must chain to; none: the JVM's trust store. */
  public RabbitMqBrokerOptions setCaFile(String caFile) {
    this.caFile = caFile;
    return this;
  }

  public Duration getHeartbeat() {
    return heartbeat;
  }

  /** AMQP heartbeat (10 s, go-micro's): a silent server is noticed after about twice this. */
  public RabbitMqBrokerOptions setHeartbeat(Duration heartbeat) {
    if (heartbeat.isNegative()) {
      throw new IllegalArgumentException("rabbitmq_heartbeat must not be negative: " + heartbeat);
    }
    this.heartbeat = heartbeat;
    return this;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public RabbitMqBrokerOptions setConnectTimeout(Duration connectTimeout) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("rabbitmq_connect_timeout must be positive: " + connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  public Duration getReconnectInterval() {
    return reconnectInterval;
  }

  /** The pause between attempts to reconnect after a connection was lost. */
  public RabbitMqBrokerOptions setReconnectInterval(Duration reconnectInterval) {
    if (reconnectInterval.isNegative() || reconnectInterval.isZero()) {
      throw new IllegalArgumentException("rabbitmq_reconnect_interval must be positive: " + reconnectInterval);
    }
    this.reconnectInterval = reconnectInterval;
    return this;
  }

  /** The core's broker options: {@code broker_redeliveries}, {@code broker_retry_backoff}. */
  public BrokerOptions getBrokerOptions() {
    return brokerOptions;
  }

  public RabbitMqBrokerOptions setBrokerOptions(BrokerOptions brokerOptions) {
    this.brokerOptions = new BrokerOptions(brokerOptions);
    return this;
  }
}
