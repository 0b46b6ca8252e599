package io.microvx.broker.kafka;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kafka broker's options from flat keys ({@code MICRO_*} variables), their defaults and what is refused. */
class KafkaBrokerOptionsTest {

  @Test
  void defaultsAreGoMicrosAddressAndNothingAcknowledgedLost() {
    KafkaBrokerOptions options = new KafkaBrokerOptions(new JsonObject());
    assertThat(options.getBootstrapServers()).containsExactly("127.0.0.1:9092");
    assertThat(options.getAcks()).isEqualTo("all");
    assertThat(options.getAutoOffsetReset()).isEqualTo("latest");
    assertThat(options.getDeadLetterSuffix()).isEqualTo(".dead-letter");
    assertThat(options.getPartitions()).isEqualTo(-1);
    assertThat(KafkaWire.producer(options)).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
  }

  @Test
  void flatKeysSetEveryOptionAndPassClientPropertiesThrough() {
    KafkaBrokerOptions options = new KafkaBrokerOptions(new JsonObject()
      .put("broker_address", "kafka://10.0.0.1:9092, 10.0.0.2:9093")
      .put("kafka_client_id", "billing").put("kafka_acks", "1").put("kafka_compression", "zstd")
      .put("kafka_partitions", "6").put("kafka_replication_factor", 3).put("kafka_auto_offset_reset", "earliest")
      .put("kafka_dead_letter_suffix", "").put("kafka_connect_timeout", "3s").put("kafka_poll_timeout", "50ms")
      .put("kafka_security_protocol", "SASL_SSL").put("kafka_sasl_mechanism", "PLAIN")
      .put("kafka_properties", "ssl.truststore.location=/etc/trust.jks,linger.ms=5")
      .put("kafka.fetch.max.bytes", 1024)
      .put("broker_redeliveries", 5));
    assertThat(options.getBootstrapServers()).isEqualTo(List.of("10.0.0.1:9092", "10.0.0.2:9093"));
    assertThat(options.getClientId()).isEqualTo("billing");
    assertThat(options.getAcks()).isEqualTo("1");
    assertThat(options.getCompression()).isEqualTo("zstd");
    assertThat(options.getPartitions()).isEqualTo(6);
    assertThat(options.getReplicationFactor()).isEqualTo(3);
    assertThat(options.getAutoOffsetReset()).isEqualTo("earliest");
    assertThat(options.getDeadLetterSuffix()).isEmpty();
    assertThat(options.getConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.getPollTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(options.getBrokerOptions().getRedeliveries()).isEqualTo(5);
    assertThat(KafkaWire.consumer(options, "g", "earliest", 10))
      .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
      .containsEntry("ssl.truststore.location", "/etc/trust.jks").containsEntry("fetch.max.bytes", "1024")
      .containsEntry("bootstrap.servers", "10.0.0.1:9092,10.0.0.2:9093").containsEntry("client.id", "billing-consumer-g");
    assertThat(KafkaWire.producer(options)).as("pass-through wins over the broker's own").containsEntry("linger.ms", "5");
    assertThat(new KafkaBrokerOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new KafkaBrokerOptions(new JsonObject().put("broker_address", "nohost")))
      .hasMessageContaining("broker_address");
    assertThatThrownBy(() -> new KafkaBrokerOptions(new JsonObject().put("kafka_acks", "most")))
      .hasMessageContaining("kafka_acks");
    assertThatThrownBy(() -> new KafkaBrokerOptions(new JsonObject().put("kafka_compression", "rar")))
      .hasMessageContaining("kafka_compression");
    assertThatThrownBy(() -> new KafkaBrokerOptions(new JsonObject().put("kafka_auto_offset_reset", "middle")))
      .hasMessageContaining("kafka_auto_offset_reset");
    assertThatThrownBy(() -> new KafkaBrokerOptions(new JsonObject().put("kafka_partitions", 0)))
      .hasMessageContaining("kafka_partitions");
  }

  @Test
  void topicsKafkaCannotNameAreRefused() {
    assertThat(KafkaWire.checkTopic("go.micro.topic-1_a", "publishing")).isNull();
    assertThat(KafkaWire.checkTopic("a/b", "publishing").code()).isEqualTo(400);
    assertThat(KafkaWire.checkTopic("", "publishing").code()).isEqualTo(400);
    assertThat(KafkaWire.checkTopic("x".repeat(250), "publishing").code()).isEqualTo(400);
  }
}
