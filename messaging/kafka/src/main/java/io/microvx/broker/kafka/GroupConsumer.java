package io.microvx.broker.kafka;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Kafka consumer of one subscription, which settles revoked partitions where Kafka expects it: inside
 * the rebalance, on the polling thread, before the partitions move. The Vert.x client tells its own
 * listener later, on the event loop, when the new owner may already be reading; so this one first lets the
 * subscription finish (or give up) the partitions' records in flight and commits what was settled, then
 * passes the revocation on.
 */
final class GroupConsumer extends KafkaConsumer<String, byte[]> {

  private static final Logger log = LoggerFactory.getLogger(GroupConsumer.class);

  private final Function<Collection<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> onRevoke;
  private final Duration closeTimeout;

  /**
   * @param onRevoke called on the polling thread with the partitions being taken away; returns the offsets
   *                 to commit for them (it may wait a little for records in flight)
   */
  GroupConsumer(Map<String, Object> config, Function<Collection<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> onRevoke,
                Duration closeTimeout) {
    super(config);
    this.onRevoke = onRevoke;
    this.closeTimeout = closeTimeout;
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    super.subscribe(topics, new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        settle(partitions, true);
        listener.onPartitionsRevoked(partitions);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        listener.onPartitionsAssigned(partitions);
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // no longer the group's member: a commit would be refused, the records come again to the new owner
        settle(partitions, false);
        listener.onPartitionsRevoked(partitions);
      }
    });
  }

  @Override
  public void subscribe(Collection<String> topics) {
    subscribe(topics, new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      }
    });
  }

  private void settle(Collection<TopicPartition> partitions, boolean commit) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = onRevoke.apply(Set.copyOf(partitions));
    if (!commit || offsets.isEmpty()) {
      return;
    }
    try {
      commitSync(offsets, closeTimeout);
    } catch (RuntimeException e) {
      log.debug("committing revoked partitions {} failed: their settled records come again", partitions, e);
    }
  }

  /** The Vert.x client closes without a timeout, which Kafka takes as 30 s: bounded here. */
  @Override
  public void close() {
    super.close(closeTimeout);
  }
}
