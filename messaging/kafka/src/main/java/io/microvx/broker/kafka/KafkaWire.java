package io.microvx.broker.kafka;

import io.microvx.broker.Envelope;
import io.microvx.broker.Message;
import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * go-micro's kafka wire (go-plugins broker/kafka): the record value is the message's JSON envelope
 * {@code {"Header":{…},"Body":"<base64>"}}, so Go subscribers read what we publish and the reverse. The headers
 * also travel as record headers, for Kafka tools that read no envelope; the publication's key is the record
 * key. Also the clients' configurations, and their errors as one line.
 */
final class KafkaWire {

  static final String ID = "go.micro.broker";
  /** Kafka's legal topic names (and a dead-letter suffix must keep them legal). */
  private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private KafkaWire() {
  }

  /** Refuses what Kafka cannot name a topic (400). */
  static MicroException checkTopic(String topic, String doing) {
    if (topic == null || topic.isBlank()) {
      return MicroException.badRequest(ID, "%s needs a topic", doing);
    }
    if (!LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      return MicroException.badRequest(ID,
        "topic %s: a Kafka topic is 1 to 249 of the characters a-z A-Z 0-9 . _ -", topic);
    }
    return null;
  }

  static ProducerRecord<String, byte[]> record(String topic, String key, Message message) {
    RecordHeaders headers = new RecordHeaders();
    message.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
    return new ProducerRecord<>(topic, null, key, Envelope.encodeBytes(null, message), headers);
  }

  /**
   * The message a record carries: its envelope, or (a record some other producer wrote without one) its value
   * as the body and its record headers as headers.
   */
  static Message message(ConsumerRecord<String, byte[]> record) {
    byte[] value = record.value() == null ? new byte[0] : record.value();
    if (value.length > 0 && value[0] == '{') {
      try {
        return Envelope.decodeMessage(value).message();
      } catch (MicroException notAnEnvelope) {
        // read below as a plain record
      }
    }
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    return new Message(headers, Buffer.buffer(value));
  }

  /** What every client of this broker shares: servers, client id, and the pass-through properties last. */
  static Map<String, Object> common(KafkaBrokerOptions options, String role) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", String.join(",", options.getBootstrapServers()));
    config.put("client.id", options.getClientId() + "-" + role);
    // a cluster that is not there is noticed within the connect timeout, not after the clients' minute
    config.put("request.timeout.ms", (int) Math.max(1_000, options.getConnectTimeout().toMillis()));
    config.put("reconnect.backoff.ms", 50);
    config.put("reconnect.backoff.max.ms", 1_000);
    return config;
  }

  static Map<String, Object> producer(KafkaBrokerOptions options) {
    Map<String, Object> config = common(options, "producer");
    config.put("key.serializer", StringSerializer.class.getName());
    config.put("value.serializer", ByteArraySerializer.class.getName());
    config.put("acks", options.getAcks());
    config.put("compression.type", options.getCompression());
    // acks=all with idempotence: a retried batch is written once, and in order
    config.put("enable.idempotence", String.valueOf("all".equals(options.getAcks())));
    config.put("linger.ms", 1);
    config.put("max.block.ms", (int) options.getConnectTimeout().toMillis());
    config.put("delivery.timeout.ms", (int) Math.max(30_000, options.getConnectTimeout().toMillis() + 1_000));
    config.putAll(options.getProperties());
    return config;
  }

  static Map<String, Object> consumer(KafkaBrokerOptions options, String groupId, String offsetReset, int maxPollRecords) {
    Map<String, Object> config = common(options, "consumer-" + groupId);
    config.put("key.deserializer", StringDeserializer.class.getName());
    config.put("value.deserializer", ByteArrayDeserializer.class.getName());
    config.put("group.id", groupId);
    config.put("default.api.timeout.ms", (int) Math.max(1_000, options.getConnectTimeout().toMillis()));
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", offsetReset);
    config.put("max.poll.records", maxPollRecords);
    // only the partitions that move are revoked: the others keep their records in flight
    config.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    config.put("allow.auto.create.topics", "false");
    config.putAll(options.getProperties());
    return config;
  }

  static Map<String, Object> admin(KafkaBrokerOptions options) {
    Map<String, Object> config = common(options, "admin");
    config.put("default.api.timeout.ms", (int) Math.max(1_000, options.getConnectTimeout().toMillis()));
    config.putAll(options.getProperties());
    return config;
  }

  /** Unwraps the client's wrappers. */
  static Throwable cause(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** A failure to reach the cluster, in one line: refused credentials (401/403), or out of reach (503). */
  static MicroException connectFailure(KafkaBrokerOptions options, Throwable failure) {
    Throwable cause = cause(failure);
    String where = String.join(",", options.getBootstrapServers());
    if (cause instanceof AuthenticationException) {
      return new MicroException(ID, "kafka at " + where + " refused the credentials: " + cause.getMessage(), 401, failure);
    }
    if (cause instanceof AuthorizationException) {
      return new MicroException(ID, "kafka at " + where + " refused access: " + cause.getMessage(), 403, failure);
    }
    return new MicroException(ID, "kafka at " + where + " cannot be reached (no answer within "
      + options.getConnectTimeout().toMillis() + " ms)", 503, failure);
  }

  /** A publication the cluster did not take: too large (413), not in time (408), otherwise 503. */
  static MicroException publishFailure(KafkaBrokerOptions options, String topic, Throwable failure) {
    Throwable cause = cause(failure);
    if (cause instanceof MicroException micro) {
      return micro;
    }
    if (cause instanceof RecordTooLargeException) {
      return new MicroException(ID, "the message for " + topic + " is larger than kafka takes: " + cause.getMessage(), 413, failure);
    }
    if (cause instanceof TimeoutException) {
      return new MicroException(ID, "kafka at " + String.join(",", options.getBootstrapServers())
        + " did not take the message for " + topic + " in time: " + cause.getMessage(), 408, failure);
    }
    return new MicroException(ID, "kafka did not take the message for " + topic + ": "
      + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()), 503, failure);
  }

  static MicroException unavailable(String format, Object... args) {
    return new MicroException(ID, String.format(format, args), 503);
  }
}
