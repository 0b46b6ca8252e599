package io.microvx.broker.kafka;

import io.microvx.broker.Message;
import io.microvx.broker.Settler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Settles one delivery of a record. Kafka has no per-message acknowledgement: an ack marks the offset
 * settled (committed once every earlier offset of the partition is), a nack hands the same record out again
 * after its delay with the next attempt (the partition's commit point waits for it), and a drop, after the
 * last attempt, publishes it to the dead-letter topic and settles it once the cluster has it there.
 */
final class RecordSettler implements Settler {

  private static final Logger log = LoggerFactory.getLogger(RecordSettler.class);
  static final String ORIGIN_TOPIC = "x-micro-origin-topic";
  static final String ORIGIN_PARTITION = "x-micro-origin-partition";
  static final String ORIGIN_OFFSET = "x-micro-origin-offset";
  static final String ATTEMPTS = "x-micro-attempts";

  private final KafkaSubscription subscription;
  private final Partition partition;
  private final ConsumerRecord<String, byte[]> record;
  private final int attempt;

  RecordSettler(KafkaSubscription subscription, Partition partition,
                ConsumerRecord<String, byte[]> record, int attempt) {
    this.subscription = subscription;
    this.partition = partition;
    this.record = record;
    this.attempt = attempt;
  }

  /** Runs on the subscription's context and answers from there. */
  private Future<Void> onContext(java.util.function.Supplier<Future<Void>> action) {
    Promise<Void> answer = Promise.promise();
    subscription.context.runOnContext(v -> action.get().onComplete(answer));
    return answer.future();
  }

  @Override
  public Future<Void> ack() {
    return onContext(() -> subscription.settled(partition, record.offset()));
  }

  @Override
  public Future<Void> nack(Duration delay) {
    Runnable again = () -> subscription.context.runOnContext(v -> {
      if (!subscription.owns(partition)) {
        return; // abandoned: the partition's next owner reads it from the last commit
      }
      Message message = KafkaWire.message(record);
      subscription.deliveries().deliver(message, attempt + 1, new RecordSettler(subscription, partition, record, attempt + 1));
    });
    if (delay.isZero()) {
      again.run();
    } else {
      subscription.broker().vertx().setTimer(Math.max(1, delay.toMillis()), id -> again.run());
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> drop() {
    String suffix = subscription.broker().options().getDeadLetterSuffix();
    if (suffix.isEmpty()) {
      return ack();
    }
    String deadLetter = record.topic() + suffix;
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add(ORIGIN_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
    headers.add(ORIGIN_PARTITION, String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
    headers.add(ORIGIN_OFFSET, String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
    headers.add(ATTEMPTS, String.valueOf(attempt).getBytes(StandardCharsets.UTF_8));
    ProducerRecord<String, byte[]> copy = new ProducerRecord<>(deadLetter, null, record.key(), record.value(), headers);
    Promise<Void> answer = Promise.promise();
    deadLetter(copy, answer, subscription.broker().options().getBrokerOptions().getRetryBackoff());
    return answer.future();
  }

  /** Publishes to the dead-letter topic until the cluster takes it (or the partition is no longer ours). */
  private void deadLetter(ProducerRecord<String, byte[]> copy, Promise<Void> answer, Duration backoff) {
    subscription.broker().send(copy, Duration.ofSeconds(30)).onComplete(ar -> {
      if (ar.succeeded()) {
        subscription.broker().deadLettered.increment();
        log.warn("moved a message of {} (partition {}, offset {}) to {} after {} failed deliveries", record.topic(),
          record.partition(), record.offset(), copy.topic(), attempt);
        ack().onComplete(answer);
        return;
      }
      if (!subscription.owns(partition)) {
        answer.tryFail(ar.cause());
        return;
      }
      log.warn("moving a message of {} to {} failed, trying again: {}", record.topic(), copy.topic(), ar.cause().getMessage());
      Duration next = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
      subscription.broker().vertx().setTimer(Math.max(1, backoff.toMillis()), id -> deadLetter(copy, answer, next));
    });
  }
}
