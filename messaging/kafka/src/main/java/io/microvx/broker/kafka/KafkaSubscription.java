package io.microvx.broker.kafka;

import io.microvx.broker.Deliveries;
import io.microvx.broker.EventHandler;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.metadata.Ids;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One subscription: a consumer of its own in a consumer group, its records handed out through
 * {@link Deliveries} and their offsets committed only once handled.
 *
 * <ul>
 *   <li>No queue, not durable: a group of its own ({@code <client id>-<topic>-<uuid>}) starting at the latest
 *   offset and never committing, so every subscriber gets every message and nothing is left behind.</li>
 *   <li>A queue group: the group named by the queue; Kafka splits the topic's partitions among its members.</li>
 *   <li>Durable: the group named by the durable name (shared by a queue group), whose committed offsets
 *   survive restarts; a new one starts at {@code auto_offset_reset}.</li>
 * </ul>
 *
 * <p>Every bit of bookkeeping runs on one event-loop context (the subscriber's, or one of its own), where the
 * client also calls back.
 * Per partition, offsets are committed in order up to the first record not yet settled ({@link Partition}); a
 * nacked record is handed out again by this subscription after its delay, so nothing after it is committed
 * before it succeeded or went to the dead-letter topic. Partitions taken away in a rebalance abandon their
 * records in flight: what was settled is committed, the rest comes again to the partition's new owner.
 */
final class KafkaSubscription implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(KafkaSubscription.class);
  private static final long UNSUBSCRIBE_GRACE_MS = 5_000;
  private static final long COMMIT_RETRY_MS = 1_000;
  /** How long a rebalance waits for records in flight of the partitions it takes away. */
  private static final Duration REVOKE_GRACE = Duration.ofSeconds(3);

  private final KafkaBroker broker;
  private final String topic;
  private final SubscribeOptions options;
  private final String groupId;
  /** A group of its own: nothing committed, removed when it goes. */
  private final boolean ephemeral;
  private final boolean durable;
  private final Deliveries deliveries;
  private final Consumer<KafkaSubscription> onGone;
  /** Where the consumer calls back and every field below is read and written. */
  final ContextInternal context;
  /** Written on the context; the polling thread reads it when partitions are revoked. */
  private final Map<TopicPartition, Partition> partitions = new java.util.concurrent.ConcurrentHashMap<>();
  private final Promise<Void> assigned = Promise.promise();
  private KafkaReadStream<String, byte[]> consumer;
  private volatile boolean paused;
  /** Records with the handler or waiting for it at which the partitions are paused. */
  private final int pauseAt;
  private boolean committing;
  private Promise<Void> nextCommit;
  private boolean retryScheduled;
  private volatile Future<Void> left;

  KafkaSubscription(KafkaBroker broker, String topic, EventHandler handler, SubscribeOptions options,
                    ContextInternal subscriber, Consumer<KafkaSubscription> onGone) {
    this.broker = broker;
    this.topic = topic;
    this.options = options;
    this.onGone = onGone;
    this.durable = options.getDurable() != null;
    this.ephemeral = !durable && options.getQueue() == null;
    this.groupId = durable ? options.getDurable()
      : options.getQueue() != null ? options.getQueue()
      : broker.options().getClientId() + "-" + topic + "-" + Ids.uuid();
    // the subscriber's own event loop when it has one: records, handlers and settlements then stay on one
    // thread instead of hopping between two for each message
    this.context = subscriber.isEventLoopContext() ? subscriber.unwrap()
      : ((VertxInternal) broker.vertx()).createEventLoopContext();
    this.pauseAt = options.getMaxInFlight() + maxPollRecords(options);
    this.deliveries = new Deliveries(topic, handler, options, broker.options().getBrokerOptions(), broker.counters(), subscriber)
      // not committed: the group reads it again (another member, or this one's successor)
      .orphanHandler(pending -> { })
      .roomHandler(() -> {
        if (paused) {
          context.runOnContext(v -> resumeIfRoom());
        }
      })
      .goneHandler(this::unsubscribe);
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public SubscribeOptions options() {
    return new SubscribeOptions(options);
  }

  String groupId() {
    return groupId;
  }

  Deliveries deliveries() {
    return deliveries;
  }

  KafkaBroker broker() {
    return broker;
  }

  /** Records one poll returns at most: the handler's bound (at most 500, Kafka's default). */
  private static int maxPollRecords(SubscribeOptions options) {
    return Math.max(1, Math.min(500, options.getMaxInFlight()));
  }

  /** Joins the group; completes once partitions are assigned and their starting offsets known. */
  Future<Void> start() {
    KafkaBrokerOptions brokerOptions = broker.options();
    String reset = ephemeral ? "latest" : brokerOptions.getAutoOffsetReset();
    Map<String, Object> config = KafkaWire.consumer(brokerOptions, groupId, reset, maxPollRecords(options));
    Promise<Void> started = context.promise();
    broker.vertx().<KafkaConsumer<String, byte[]>>executeBlocking(() -> new GroupConsumer(config, this::revoking,
        brokerOptions.getConnectTimeout()))
      .onComplete(made -> context.runOnContext(v -> {
        if (made.failed()) {
          started.fail(made.cause());
          return;
        }
        synchronized (this) {
          if (left != null) { // unsubscribed while starting
            broker.vertx().executeBlocking(() -> {
              closeQuietly(made.result());
              return null;
            });
            started.fail(KafkaWire.unavailable("the subscription to %s was closed while it started", topic));
            return;
          }
        }
        consumer = KafkaReadStream.create(broker.vertx(), made.result());
        consumer.pollTimeout(brokerOptions.getPollTimeout());
        consumer.partitionsAssignedHandler(this::assigned);
        consumer.partitionsRevokedHandler(this::revoked);
        consumer.exceptionHandler(this::failed);
        consumer.handler(this::received);
        consumer.subscribe(Set.of(topic)).onFailure(started::tryFail);
        long timer = broker.vertx().setTimer(brokerOptions.getConnectTimeout().toMillis() * 3, id -> started.tryFail(
          KafkaWire.unavailable("kafka assigned no partitions of %s to group %s in time", topic, groupId)));
        assigned.future().onComplete(ar -> {
          broker.vertx().cancelTimer(timer);
          started.tryComplete();
        });
      }));
    return started.future();
  }

  /** The client reports every failed task here too; a refused commit is already handled where it was made. */
  private void failed(Throwable e) {
    if (e instanceof org.apache.kafka.common.errors.RebalanceInProgressException
      || e instanceof org.apache.kafka.clients.consumer.CommitFailedException
      || e instanceof org.apache.kafka.clients.consumer.RetriableCommitFailedException
      || e instanceof org.apache.kafka.common.errors.WakeupException
      || e instanceof org.apache.kafka.common.errors.TimeoutException) {
      log.debug("the kafka consumer of {} (group {}): {}", topic, groupId, e.toString());
    } else {
      log.warn("the kafka consumer of {} (group {}) failed: {}", topic, groupId, e.toString());
    }
  }

  private static void closeQuietly(KafkaConsumer<?, ?> made) {
    try {
      made.close(Duration.ZERO);
    } catch (RuntimeException e) {
      log.debug("closing a kafka consumer", e);
    }
  }

  private void assigned(Set<TopicPartition> added) {
    for (TopicPartition partition : added) {
      partitions.put(partition, new Partition(partition));
    }
    if (paused && !added.isEmpty()) {
      consumer.pause(added);
    }
    // the starting offsets are known once asked for; and a partition the group never committed gets its
    // starting offset committed now, or a member taking it over in the next rebalance would start at
    // "latest" again and skip what was published in between
    List<Future<Void>> starts = added.stream().map(this::start).toList();
    Future.join(starts).onComplete(ar -> {
      if (ar.failed()) {
        log.debug("setting the starting offsets of {} (group {}) failed", topic, groupId, ar.cause());
      }
      assigned.tryComplete();
    });
  }

  private Future<Void> start(TopicPartition tp) {
    if (ephemeral) {
      return consumer.position(tp).mapEmpty();
    }
    return consumer.committed(tp).compose(committed -> {
      if (committed != null) {
        return Future.succeededFuture();
      }
      return consumer.position(tp)
        .compose(position -> consumer.commit(Map.of(tp, new OffsetAndMetadata(position))))
        .mapEmpty();
    });
  }

  /**
   * On the polling thread, inside the rebalance: gives the records in flight of the partitions being taken
   * away a moment to be settled, then gives the rest up (they come again to the new owner) and returns the
   * offsets to commit before the partitions move.
   */
  private Map<TopicPartition, OffsetAndMetadata> revoking(java.util.Collection<TopicPartition> taken) {
    List<Partition> going = taken.stream().map(partitions::get).filter(java.util.Objects::nonNull).toList();
    long deadline = System.nanoTime() + REVOKE_GRACE.toNanos();
    while (!ephemeral && left == null && going.stream().anyMatch(p -> p.outstanding() > 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Partition partition : going) {
      partition.revoked = true;
      if (!ephemeral && partition.ahead()) {
        offsets.put(partition.tp, new OffsetAndMetadata(partition.commitPoint));
      }
    }
    return offsets;
  }

  /** After {@link #revoking}, on the context: the partitions are forgotten. */
  private void revoked(Set<TopicPartition> taken) {
    for (TopicPartition tp : taken) {
      Partition partition = partitions.remove(tp);
      if (partition != null) {
        partition.revoked = true;
      }
    }
  }

  private void received(ConsumerRecord<String, byte[]> record) {
    Partition partition = partitions.get(new TopicPartition(record.topic(), record.partition()));
    if (partition == null || deliveries.isClosed()) {
      return; // not ours any more: not committed, the group reads it again
    }
    partition.delivered(record.offset());
    deliveries.deliver(KafkaWire.message(record), 1, new RecordSettler(this, partition, record, 1));
    // paused only once a whole poll's worth waits beyond the handler's bound, and resumed once nothing
    // waits: a paused consumer's next poll idles its full timeout, so pausing at every full slot stalled it
    if (!paused && deliveries.occupancy() >= pauseAt) {
      paused = true;
      consumer.pause(Set.copyOf(partitions.keySet()));
    }
  }

  private void resumeIfRoom() {
    if (paused && deliveries.occupancy() <= options.getMaxInFlight() && consumer != null && !deliveries.isClosed()) {
      paused = false;
      consumer.resume(Set.copyOf(partitions.keySet()));
    }
  }

  /** Whether the partition is still this subscription's (its records can still be committed). */
  boolean owns(Partition partition) {
    return !partition.revoked && left == null;
  }

  /**
   * A record of the partition was settled (acknowledged, or dead-lettered): on this context. Completes once
   * the offsets it let through are committed, or at once when it waits behind an earlier record.
   */
  Future<Void> settled(Partition partition, long offset) {
    if (partition.revoked) {
      return Future.failedFuture(KafkaWire.unavailable(
        "partition %s of %s was reassigned before the message was acknowledged: it is delivered again",
        partition.tp.partition(), topic));
    }
    if (!partition.settle(offset) || ephemeral) {
      return Future.succeededFuture();
    }
    return commit();
  }

  /** Commits every partition's commit point; commits do not overlap, and one in flight takes later ones along next. */
  private Future<Void> commit() {
    if (nextCommit == null) {
      nextCommit = Promise.promise();
    }
    Future<Void> mine = nextCommit.future();
    if (!committing) {
      flush();
    }
    return mine;
  }

  private void flush() {
    Promise<Void> promise = nextCommit;
    nextCommit = null;
    if (promise == null) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<TopicPartition, Partition> sent = new HashMap<>();
    partitions.forEach((tp, partition) -> {
      if (!partition.revoked && partition.ahead()) {
        offsets.put(tp, new OffsetAndMetadata(partition.commitPoint));
        sent.put(tp, partition);
      }
    });
    if (offsets.isEmpty() || consumer == null) {
      promise.complete();
      return;
    }
    committing = true;
    consumer.commit(offsets).onComplete(ar -> {
      committing = false;
      if (ar.succeeded()) {
        offsets.forEach((tp, committed) -> sent.get(tp).committed = Math.max(sent.get(tp).committed, committed.offset()));
        promise.complete();
      } else {
        log.debug("committing offsets of {} failed", topic, ar.cause());
        promise.fail(KafkaWire.unavailable("kafka did not take the offsets of %s: %s", topic, ar.cause().toString()));
        retryLater();
      }
      flush();
    });
  }

  /** A failed commit is tried again even when no further record is settled. */
  private void retryLater() {
    if (retryScheduled || left != null) {
      return;
    }
    retryScheduled = true;
    broker.vertx().setTimer(COMMIT_RETRY_MS, id -> context.runOnContext(v -> {
      retryScheduled = false;
      if (left == null) {
        commit();
      }
    }));
  }

  @Override
  public synchronized Future<Void> unsubscribe() {
    if (left != null) {
      return left;
    }
    Promise<Void> done = Promise.promise();
    left = done.future();
    onGone.accept(this);
    context.runOnContext(v -> {
      deliveries.close(); // what waited is not committed: the group reads it again
      awaitSettled(System.currentTimeMillis() + UNSUBSCRIBE_GRACE_MS, () -> leave(done));
    });
    return left;
  }

  /** Lets handlers with a record finish, so that their offsets are committed before the consumer leaves. */
  private void awaitSettled(long deadline, Runnable then) {
    if (deliveries.occupancy() == 0 || consumer == null || System.currentTimeMillis() >= deadline) {
      then.run();
      return;
    }
    broker.vertx().setTimer(10, id -> context.runOnContext(v -> awaitSettled(deadline, then)));
  }

  private void leave(Promise<Void> done) {
    KafkaReadStream<String, byte[]> current = consumer;
    if (current == null) {
      done.complete();
      return;
    }
    Promise<Void> committed = Promise.promise();
    commitBeforeLeaving(current, System.currentTimeMillis() + UNSUBSCRIBE_GRACE_MS, committed);
    committed.future()
      .transform(v -> current.close())
      .andThen(v -> context.runOnContext(x -> {
        partitions.values().forEach(partition -> partition.revoked = true);
        partitions.clear();
      }))
      .transform(v -> durable ? Future.succeededFuture() : removeGroup())
      .onComplete(ar -> done.complete());
  }

  /**
   * Commits what was settled, again until the cluster takes it: a commit is refused while the group
   * rebalances (another member just left), and the consumer's polling finishes the rebalance meanwhile.
   */
  private void commitBeforeLeaving(KafkaReadStream<String, byte[]> current, long deadline, Promise<Void> done) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    partitions.forEach((tp, partition) -> {
      if (!ephemeral && partition.ahead()) {
        offsets.put(tp, new OffsetAndMetadata(partition.commitPoint));
      }
    });
    if (offsets.isEmpty()) {
      done.complete();
      return;
    }
    current.commit(offsets).onComplete(ar -> {
      if (ar.succeeded()) {
        offsets.forEach((tp, offset) -> {
          Partition partition = partitions.get(tp);
          if (partition != null) {
            partition.committed = Math.max(partition.committed, offset.offset());
          }
        });
        done.complete();
      } else if (System.currentTimeMillis() >= deadline) {
        log.warn("the offsets of {} (group {}) could not be committed on leaving: their messages come again", topic, groupId);
        done.complete();
      } else {
        broker.vertx().setTimer(100, id -> context.runOnContext(v -> commitBeforeLeaving(current, deadline, done)));
      }
    });
  }

  /**
   * A group that is not durable is removed once its last member left (Kafka refuses while members remain):
   * nothing is left behind for a later subscriber to resume from.
   */
  private Future<Void> removeGroup() {
    if (broker.admin() == null) {
      return Future.succeededFuture();
    }
    return KafkaBroker.fromKafka(broker.admin().deleteConsumerGroups(List.of(groupId)).all())
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }
}
