package io.microvx.broker.kafka;

import io.microvx.broker.BrokerOptions;
import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of the {@code kafka} broker. From flat options: {@code broker_address} (bootstrap servers,
 * comma-separated {@code host:port}), {@code kafka_client_id}, {@code kafka_acks}, {@code kafka_compression},
 * {@code kafka_partitions} and {@code kafka_replication_factor} (of topics this broker creates),
 * {@code kafka_auto_offset_reset} (where a new durable or queue group starts), {@code kafka_dead_letter_suffix},
 * {@code kafka_connect_timeout}, {@code kafka_poll_timeout}, the security settings
 * {@code kafka_security_protocol}, {@code kafka_sasl_mechanism}, {@code kafka_sasl_jaas_config}, and any Kafka
 * client property as {@code kafka.<property>} (or a {@code kafka_properties} object), passed to the producer,
 * the consumers and the admin client as is; plus the core's {@code broker_redeliveries} and
 * {@code broker_retry_backoff}.
 */
public class KafkaBrokerOptions {

  /** go-micro's default. */
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
  public static final String DEFAULT_CLIENT_ID = "microvx";
  /** Every in-sync replica has the record before a publication completes: nothing acknowledged is lost. */
  public static final String DEFAULT_ACKS = "all";
  public static final String DEFAULT_COMPRESSION = "none";
  /** The cluster's own default ({@code num.partitions}, {@code default.replication.factor}). */
  public static final int CLUSTER_DEFAULT = -1;
  public static final String DEFAULT_AUTO_OFFSET_RESET = "latest";
  public static final String DEFAULT_DEAD_LETTER_SUFFIX = ".dead-letter";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);

  private static final Set<String> ACKS = Set.of("all", "-1", "0", "1");
  private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");
  private static final Set<String> RESETS = Set.of("latest", "earliest");

  private List<String> bootstrapServers = List.of(DEFAULT_BOOTSTRAP_SERVERS);
  private String clientId = DEFAULT_CLIENT_ID;
  private String acks = DEFAULT_ACKS;
  private String compression = DEFAULT_COMPRESSION;
  private int partitions = CLUSTER_DEFAULT;
  private int replicationFactor = CLUSTER_DEFAULT;
  private String autoOffsetReset = DEFAULT_AUTO_OFFSET_RESET;
  private String deadLetterSuffix = DEFAULT_DEAD_LETTER_SUFFIX;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
  private Map<String, String> properties = new LinkedHashMap<>();
  private BrokerOptions brokerOptions = new BrokerOptions();

  public KafkaBrokerOptions() {
  }

  public KafkaBrokerOptions(KafkaBrokerOptions other) {
    this.bootstrapServers = other.bootstrapServers;
    this.clientId = other.clientId;
    this.acks = other.acks;
    this.compression = other.compression;
    this.partitions = other.partitions;
    this.replicationFactor = other.replicationFactor;
    this.autoOffsetReset = other.autoOffsetReset;
    this.deadLetterSuffix = other.deadLetterSuffix;
    this.connectTimeout = other.connectTimeout;
    this.pollTimeout = other.pollTimeout;
    this.properties = new LinkedHashMap<>(other.properties);
    this.brokerOptions = new BrokerOptions(other.brokerOptions);
  }

  /** From flat options, as {@code micro} and {@code MICRO_*} variables give them. */
  public KafkaBrokerOptions(JsonObject json) {
    String address = json.getString("broker_address");
    if (address != null && !address.isBlank()) {
      setBootstrapServers(address);
    }
    if (json.containsKey("kafka_client_id")) {
      setClientId(json.getString("kafka_client_id"));
    }
    if (json.containsKey("kafka_acks")) {
      setAcks(String.valueOf(json.getValue("kafka_acks")));
    }
    if (json.containsKey("kafka_compression")) {
      setCompression(json.getString("kafka_compression"));
    }
    if (json.containsKey("kafka_partitions")) {
      setPartitions(Integer.parseInt(String.valueOf(json.getValue("kafka_partitions"))));
    }
    if (json.containsKey("kafka_replication_factor")) {
      setReplicationFactor(Integer.parseInt(String.valueOf(json.getValue("kafka_replication_factor"))));
    }
    if (json.containsKey("kafka_auto_offset_reset")) {
      setAutoOffsetReset(json.getString("kafka_auto_offset_reset"));
    }
    if (json.containsKey("kafka_dead_letter_suffix")) {
      setDeadLetterSuffix(json.getString("kafka_dead_letter_suffix"));
    }
    if (json.containsKey("kafka_connect_timeout")) {
      setConnectTimeout(Durations.parse(json.getValue("kafka_connect_timeout")));
    }
    if (json.containsKey("kafka_poll_timeout")) {
      setPollTimeout(Durations.parse(json.getValue("kafka_poll_timeout")));
    }
    putIfSet(json, "kafka_security_protocol", "security.protocol");
    putIfSet(json, "kafka_sasl_mechanism", "sasl.mechanism");
    putIfSet(json, "kafka_sasl_jaas_config", "sasl.jaas.config");
    Object given = json.getValue("kafka_properties");
    if (given instanceof JsonObject object) {
      object.forEach(e -> properties.put(e.getKey(), String.valueOf(e.getValue())));
    } else if (given instanceof String text && !text.isBlank()) {
      for (String pair : text.split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("kafka_properties: expected name=value pairs, not " + pair);
        }
        properties.put(kv[0].trim(), kv[1].trim());
      }
    }
    json.forEach(e -> {
      if (e.getKey().startsWith("kafka.")) {
        properties.put(e.getKey().substring("kafka.".length()), String.valueOf(e.getValue()));
      }
    });
    brokerOptions = new BrokerOptions(json);
  }

  private void putIfSet(JsonObject json, String key, String property) {
    String value = json.getString(key);
    if (value != null && !value.isBlank()) {
      properties.put(property, value);
    }
  }

  public JsonObject toJson() {
    JsonObject props = new JsonObject();
    properties.forEach(props::put);
    return brokerOptions.toJson()
      .put("broker_address", String.join(",", bootstrapServers))
      .put("kafka_client_id", clientId)
      .put("kafka_acks", acks)
      .put("kafka_compression", compression)
      .put("kafka_partitions", partitions)
      .put("kafka_replication_factor", replicationFactor)
      .put("kafka_auto_offset_reset", autoOffsetReset)
      .put("kafka_dead_letter_suffix", deadLetterSuffix)
      .put("kafka_connect_timeout", Durations.format(connectTimeout))
      .put("kafka_poll_timeout", Durations.format(pollTimeout))
      .put("kafka_properties", props);
  }

  public List<String> getBootstrapServers() {
    return bootstrapServers;
  }

  /** {@code host:port[,host:port…]}; a {@code kafka://} prefix is taken off. */
  public KafkaBrokerOptions setBootstrapServers(String servers) {
    List<String> parsed = java.util.Arrays.stream(servers.split(","))
      .map(String::trim).filter(s -> !s.isEmpty())
      .map(s -> s.startsWith("kafka://") ? s.substring("kafka://".length()) : s)
      .toList();
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("broker_address: no Kafka bootstrap server in '" + servers + "'");
    }
    for (String server : parsed) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || colon == server.length() - 1) {
        throw new IllegalArgumentException("broker_address: a Kafka bootstrap server is host:port, not " + server);
      }
    }
    this.bootstrapServers = parsed;
    return this;
  }

  public String getClientId() {
    return clientId;
  }

  /** The prefix of every client's {@code client.id} (as the cluster's logs and quotas see it). */
  public KafkaBrokerOptions setClientId(String clientId) {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("kafka_client_id must not be empty");
    }
    this.clientId = clientId;
    return this;
  }

  public String getAcks() {
    return acks;
  }

  /** The producer's {@code acks}: {@code all} (the default), {@code 1} or {@code 0}. */
  public KafkaBrokerOptions setAcks(String acks) {
    String value = acks == null ? "" : acks.trim().toLowerCase(Locale.ROOT);
    if (!ACKS.contains(value)) {
      throw new IllegalArgumentException("kafka_acks must be all, 1 or 0: " + acks);
    }
    this.acks = value.equals("-1") ? "all" : value;
    return this;
  }

  public String getCompression() {
    return compression;
  }

  /** The producer's {@code compression.type}: none, gzip, snappy, lz4 or zstd. */
  public KafkaBrokerOptions setCompression(String compression) {
    String value = compression == null ? "" : compression.trim().toLowerCase(Locale.ROOT);
    if (!COMPRESSIONS.contains(value)) {
      throw new IllegalArgumentException("kafka_compression must be one of " + COMPRESSIONS + ": " + compression);
    }
    this.compression = value;
    return this;
  }

  public int getPartitions() {
    return partitions;
  }

  /** Partitions of a topic this broker creates; -1: the cluster's {@code num.partitions}. */
  public KafkaBrokerOptions setPartitions(int partitions) {
    if (partitions == 0 || partitions < CLUSTER_DEFAULT) {
      throw new IllegalArgumentException("kafka_partitions must be positive, or -1 for the cluster's default: " + partitions);
    }
    this.partitions = partitions;
    return this;
  }

  public int getReplicationFactor() {
    return replicationFactor;
  }

  /** Replicas of a topic this broker creates; -1: the cluster's {@code default.replication.factor}. */
  public KafkaBrokerOptions setReplicationFactor(int replicationFactor) {
    if (replicationFactor == 0 || replicationFactor < CLUSTER_DEFAULT || replicationFactor > Short.MAX_VALUE) {
      throw new IllegalArgumentException("kafka_replication_factor must be positive, or -1 for the cluster's default: "
        + replicationFactor);
    }
    this.replicationFactor = replicationFactor;
    return this;
  }

  public String getAutoOffsetReset() {
    return autoOffsetReset;
  }

  /**
   * Where a consumer group with no committed offset starts (a new durable, a new queue group): {@code latest}
   * (the default: what is published from then on) or {@code earliest} (everything the topic still holds).
   */
  public KafkaBrokerOptions setAutoOffsetReset(String autoOffsetReset) {
    String value = autoOffsetReset == null ? "" : autoOffsetReset.trim().toLowerCase(Locale.ROOT);
    if (!RESETS.contains(value)) {
      throw new IllegalArgumentException("kafka_auto_offset_reset must be latest or earliest: " + autoOffsetReset);
    }
    this.autoOffsetReset = value;
    return this;
  }

  public String getDeadLetterSuffix() {
    return deadLetterSuffix;
  }

  /**
   * Where a message goes after its last failed attempt: the topic's name with this suffix
   * ({@code orders.dead-letter}); empty: it is discarded (logged and counted either way).
   */
  public KafkaBrokerOptions setDeadLetterSuffix(String deadLetterSuffix) {
    this.deadLetterSuffix = deadLetterSuffix == null ? "" : deadLetterSuffix.trim();
    return this;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** How long {@code connect()} waits for the cluster to answer before failing with one line (503). */
  public KafkaBrokerOptions setConnectTimeout(Duration connectTimeout) {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("kafka_connect_timeout must be positive: " + connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  public Duration getPollTimeout() {
    return pollTimeout;
  }

  /**
   * The consumer's longest poll: commits, pauses and resumes wait behind a poll in progress, so a short one
   * keeps them prompt.
   */
  public KafkaBrokerOptions setPollTimeout(Duration pollTimeout) {
    if (pollTimeout.isNegative() || pollTimeout.isZero()) {
      throw new IllegalArgumentException("kafka_poll_timeout must be positive: " + pollTimeout);
    }
    this.pollTimeout = pollTimeout;
    return this;
  }

  /** Kafka client properties passed through as is (SASL, TLS, tuning); they win over this broker's own. */
  public Map<String, String> getProperties() {
    return properties;
  }

  public KafkaBrokerOptions setProperties(Map<String, String> properties) {
    this.properties = properties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties);
    return this;
  }

  public KafkaBrokerOptions putProperty(String name, String value) {
    properties.put(name, value);
    return this;
  }

  /** The core's broker options: {@code broker_redeliveries}, {@code broker_retry_backoff}. */
  public BrokerOptions getBrokerOptions() {
    return brokerOptions;
  }

  public KafkaBrokerOptions setBrokerOptions(BrokerOptions brokerOptions) {
    this.brokerOptions = new BrokerOptions(brokerOptions);
    return this;
  }
}
