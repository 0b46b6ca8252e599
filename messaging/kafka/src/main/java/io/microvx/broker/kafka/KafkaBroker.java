package io.microvx.broker.kafka;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerCounters;
import io.microvx.broker.BrokerStats;
import io.microvx.broker.EventHandler;
import io.microvx.broker.Message;
import io.microvx.broker.PublishOptions;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * go-micro's kafka broker on the Vert.x Kafka client: one producer for every publication (acks and
 * compression as configured), one admin client that creates topics on demand, and one consumer per
 * subscription ({@link KafkaSubscription}). Topics are created the first time this broker publishes or
 * subscribes to them, with the configured partitions and replication.
 */
final class KafkaBroker implements Broker {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

  private final Vertx vertx;
  private final KafkaBrokerOptions options;
  private final BrokerCounters counters = new BrokerCounters();
  final LongAdder deadLettered = new LongAdder();
  private final List<KafkaSubscription> subscriptions = new CopyOnWriteArrayList<>();
  /** Topics created (or found) by this broker: each is set up once. */
  private final Map<String, Future<Void>> topics = new ConcurrentHashMap<>();
  private volatile Admin admin;
  private volatile KafkaWriteStream<String, byte[]> producer;
  private volatile Future<Void> connected;
  private volatile boolean closed;
  private volatile String connection = "disconnected";

  KafkaBroker(Vertx vertx, KafkaBrokerOptions options) {
    this.vertx = vertx;
    this.options = new KafkaBrokerOptions(options);
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String address() {
    return String.join(",", options.getBootstrapServers());
  }

  KafkaBrokerOptions options() {
    return options;
  }

  BrokerCounters counters() {
    return counters;
  }

  Vertx vertx() {
    return vertx;
  }

  Admin admin() {
    return admin;
  }

  /** Messages moved to a dead-letter topic since the broker was made. */
  long deadLettered() {
    return deadLettered.sum();
  }

  @Override
  public synchronized Future<Void> connect() {
    if (closed) {
      return Future.failedFuture(KafkaWire.unavailable("this kafka broker was disconnected: make a new one"));
    }
    if (connected != null) {
      return connected;
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    Promise<Void> done = caller.promise();
    connected = done.future();
    connection = "connecting";
    // the clients resolve addresses and start threads as they are made: off the event loop
    vertx.<Admin>executeBlocking(() -> Admin.create(KafkaWire.admin(options)))
      .compose(made -> {
        admin = made;
        // one question the cluster must answer: a wrong address fails here, once, within the connect timeout
        return fromKafka(made.describeCluster().clusterId()).timeout(options.getConnectTimeout().toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
      })
      .compose(id -> vertx.executeBlocking(() -> new KafkaProducer<String, byte[]>(KafkaWire.producer(options))))
      .onComplete(ar -> {
        if (ar.succeeded()) {
          producer = KafkaWriteStream.create(vertx, ar.result());
          connection = BrokerStats.CONNECTED;
          done.complete();
          return;
        }
        MicroException failure = KafkaWire.connectFailure(options, ar.cause());
        log.debug("connecting to kafka failed", ar.cause());
        connection = "unreachable";
        Admin made = admin;
        admin = null;
        if (made != null) {
          vertx.executeBlocking(() -> {
            made.close(Duration.ZERO);
            return null;
          });
        }
        synchronized (this) {
          connected = null;
        }
        done.fail(failure);
      });
    return connected;
  }

  @Override
  public Future<Void> disconnect() {
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    Promise<Void> done = caller.promise();
    List<Future<Void>> leaving = subscriptions.stream().map(KafkaSubscription::unsubscribe).toList();
    Future.join(leaving).transform(v -> {
      KafkaWriteStream<String, byte[]> current = producer;
      Admin currentAdmin = admin;
      // what was handed to the producer goes out before it closes (its close waits, up to the timeout)
      return vertx.executeBlocking(() -> {
        if (current != null) {
          current.unwrap().close(options.getConnectTimeout());
        }
        if (currentAdmin != null) {
          currentAdmin.close(Duration.ofSeconds(1));
        }
        return null;
      });
    }).onComplete(ar -> {
      connection = "disconnected";
      done.complete();
    });
    return done.future();
  }

  @Override
  public Future<Void> publish(String topic, Message message, PublishOptions publishOptions) {
    MicroException bad = KafkaWire.checkTopic(topic, "publishing");
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    return send(KafkaWire.record(topic, publishOptions.getKey(), message), publishOptions.getTimeout())
      .onSuccess(v -> counters.published.increment());
  }

  /** Hands a record to the producer; completes once the cluster acknowledged it (as {@code acks} asks). */
  Future<Void> send(ProducerRecord<String, byte[]> record, Duration timeout) {
    KafkaWriteStream<String, byte[]> current = producer;
    if (closed) {
      return Future.failedFuture(KafkaWire.unavailable("the kafka broker is disconnected"));
    }
    if (current == null) {
      return Future.failedFuture(KafkaWire.unavailable("kafka at %s is not connected", address()));
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    Promise<Void> done = caller.promise();
    long timer = vertx.setTimer(timeout.toMillis(), id -> done.tryFail(new MicroException(KafkaWire.ID,
      "kafka did not acknowledge the message for " + record.topic() + " within " + timeout.toMillis() + " ms", 408)));
    ensureTopic(record.topic())
      .compose(v -> current.send(record))
      .onComplete(ar -> {
        vertx.cancelTimer(timer);
        if (ar.succeeded()) {
          connection = BrokerStats.CONNECTED;
          done.tryComplete();
        } else {
          MicroException failure = KafkaWire.publishFailure(options, record.topic(), ar.cause());
          if (failure.code() == 408 || failure.code() == 503) {
            connection = "unreachable";
          }
          log.debug("publishing to {} failed", record.topic(), ar.cause());
          done.tryFail(failure);
        }
      });
    return done.future();
  }

  /** Creates the topic unless it exists, and waits until each of its partitions has a leader. */
  Future<Void> ensureTopic(String topic) {
    Future<Void> known = topics.get(topic);
    if (known != null && !known.failed()) {
      return known;
    }
    Admin current = admin;
    if (current == null) {
      return Future.failedFuture(KafkaWire.unavailable("kafka at %s is not connected", address()));
    }
    Promise<Void> made = Promise.promise();
    Future<Void> raced = topics.putIfAbsent(topic, made.future());
    if (raced != null && !raced.failed()) {
      return raced;
    }
    if (raced != null) {
      topics.put(topic, made.future());
    }
    Optional<Integer> partitions = options.getPartitions() > 0 ? Optional.of(options.getPartitions()) : Optional.empty();
    Optional<Short> replicas = options.getReplicationFactor() > 0
      ? Optional.of((short) options.getReplicationFactor()) : Optional.empty();
    fromKafka(current.createTopics(List.of(new NewTopic(topic, partitions, replicas))).all())
      .recover(e -> KafkaWire.cause(e) instanceof TopicExistsException ? Future.succeededFuture() : Future.failedFuture(e))
      .compose(v -> awaitLeaders(current, topic, System.nanoTime() + options.getConnectTimeout().toNanos()))
      .onComplete(ar -> {
        if (ar.failed()) {
          log.debug("setting up topic {} failed", topic, ar.cause());
          made.fail(KafkaWire.publishFailure(options, topic, ar.cause()));
        } else {
          made.complete();
        }
      });
    return made.future();
  }

  private Future<Void> awaitLeaders(Admin current, String topic, long deadline) {
    return fromKafka(current.describeTopics(Set.of(topic)).allTopicNames()).compose(described -> {
      TopicDescription description = described.get(topic);
      boolean ready = description != null && !description.partitions().isEmpty()
        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      if (ready) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(KafkaWire.unavailable("topic %s has partitions without a leader", topic));
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(50, id -> awaitLeaders(current, topic, deadline).onComplete(later));
      return later.future();
    }, e -> {
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(e);
      }
      // a topic just created may not be described yet
      Promise<Void> later = Promise.promise();
      vertx.setTimer(50, id -> awaitLeaders(current, topic, deadline).onComplete(later));
      return later.future();
    });
  }

  /** A Kafka future as a Vert.x one; completes on whatever thread the admin client answers. */
  static <T> Future<T> fromKafka(KafkaFuture<T> future) {
    Promise<T> promise = Promise.promise();
    future.whenComplete((value, failure) -> {
      if (failure != null) {
        promise.tryFail(KafkaWire.cause(failure));
      } else {
        promise.tryComplete(value);
      }
    });
    return promise.future();
  }

  @Override
  public Future<Subscriber> subscribe(String topic, EventHandler handler, SubscribeOptions subscribeOptions) {
    MicroException bad = KafkaWire.checkTopic(topic, "subscribing");
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    if (closed) {
      return Future.failedFuture(KafkaWire.unavailable("the kafka broker is disconnected"));
    }
    if (admin == null) {
      return Future.failedFuture(KafkaWire.unavailable("kafka at %s is not connected", address()));
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    KafkaSubscription subscription = new KafkaSubscription(this, topic, handler, new SubscribeOptions(subscribeOptions),
      caller, subscriptions::remove);
    subscriptions.add(subscription);
    Promise<Subscriber> done = caller.promise();
    ensureTopic(topic).compose(v -> subscription.start()).onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete(subscription);
      } else {
        subscriptions.remove(subscription);
        subscription.unsubscribe();
        done.fail(ar.cause() instanceof MicroException ? ar.cause() : KafkaWire.connectFailure(options, ar.cause()));
      }
    });
    return done.future();
  }

  @Override
  public BrokerStats stats() {
    return counters.snapshot().withConnection(connection);
  }
}
