package io.microvx.bench.kafka;

import io.microvx.bench.load.Target;
import io.vertx.core.buffer.Buffer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka broker's peer: kafka-clients alone, as the Vert.x Kafka client brings it. A producer with the
 * broker's settings ({@code acks=all}, idempotent, {@code linger.ms=1}) sends the message, prefixed by an id and
 * a newline, to a topic a consumer polls on a thread of its own (a group of its own, auto-commit, as a plain
 * client would); one call is one record produced and consumed. No envelope, no Vert.x, no commit after
 * handling: what Kafka costs at the least from Java.
 */
public final class RawKafkaLoop implements Target, AutoCloseable {

  private final String topic = "bench.raw";
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread poller;
  private final byte[] body;
  private final Map<Long, Done> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean running = true;

  private RawKafkaLoop(String servers, Buffer message) throws Exception {
    this.body = message.getBytes();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
      try {
        admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers, "acks", "all", "enable.idempotence", "true",
      "linger.ms", 1, "key.serializer", StringSerializer.class.getName(),
      "value.serializer", ByteArraySerializer.class.getName()));
    consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", servers, "group.id", "bench-raw-" + UUID.randomUUID(),
      "auto.offset.reset", "latest", "key.deserializer", StringDeserializer.class.getName(),
      "value.deserializer", ByteArrayDeserializer.class.getName()));
    CountDownLatch assigned = new CountDownLatch(1);
    consumer.subscribe(List.of(topic), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
      }

      @Override
      public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
        partitions.forEach(consumer::position);
        assigned.countDown();
      }
    });
    poller = new Thread(this::poll, "bench-raw-kafka-consumer");
    poller.start();
    if (!assigned.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the raw consumer got no partitions");
    }
  }

  public static RawKafkaLoop start(String servers, Buffer message) throws Exception {
    return new RawKafkaLoop(servers, message);
  }

  private void poll() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          byte[] data = record.value();
          int newline = 0;
          while (data[newline] != '\n') {
            newline++;
          }
          Done done = pending.remove(Long.parseLong(new String(data, 0, newline, StandardCharsets.US_ASCII)));
          if (done != null) {
            done.done(null);
          }
        }
      }
    } catch (WakeupException closing) {
      // close() woke it up
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public Executor callers() {
    return Runnable::run;
  }

  @Override
  public void call(Done done) {
    long id = ids.incrementAndGet();
    byte[] prefix = (id + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, data, 0, prefix.length);
    System.arraycopy(body, 0, data, prefix.length, body.length);
    pending.put(id, done);
    producer.send(new ProducerRecord<>(topic, data), (metadata, failure) -> {
      if (failure != null) {
        Done mine = pending.remove(id);
        if (mine != null) {
          mine.done(failure);
        }
      }
    });
  }

  @Override
  public void close() throws Exception {
    running = false;
    consumer.wakeup();
    poller.join(10_000);
    producer.close(Duration.ofSeconds(5));
  }
}
