package io.microvx.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JetStream side of the broker: finding or creating the stream of a durable topic and its durable
 * consumer (blocking, for worker threads), and telling publishers, without blocking, whether a topic has
 * a stream, so that they publish through JetStream and wait for its acknowledgement.
 */
final class JetStreams {

  private static final String STREAM_NAMES = "$JS.API.STREAM.NAMES";

  private record Known(Future<Boolean> streamed, long until) {
  }

  private final Connection connection;
  private final NatsOptions options;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final java.util.Set<String> streamed = ConcurrentHashMap.newKeySet();
  /** JetStream answered this connection once: from then on its silence is an outage, not its absence. */
  private volatile boolean jetStreamSeen;

  JetStreams(Connection connection, NatsOptions options) {
    this.connection = connection;
    this.options = options;
  }

  /** What is known now of whether the topic has a stream; null when it must be looked up. */
  Boolean known(String topic) {
    if (streamed.contains(topic)) {
      return true;
    }
    Known entry = known.get(topic);
    if (entry == null || System.nanoTime() - entry.until > 0 || !entry.streamed.isComplete()) {
      return null;
    }
    return entry.streamed.result();
  }

  /**
   * Whether the topic has a stream, looked up (once for concurrent callers) with JetStream's API. A topic
   * found with a stream keeps it for this connection's life: while a restarted server loads its streams,
   * JetStream can answer that there are none, and publishing without its acknowledgement then could lose
   * messages.
   */
  Future<Boolean> streamed(String topic) {
    if (streamed.contains(topic)) {
      return Future.succeededFuture(true);
    }
    long now = System.nanoTime();
    Known entry = known.compute(topic, (t, old) -> old != null && now - old.until < 0 ? old
      : new Known(lookUp(t), now + options.getStreamLookupTtl().toNanos()));
    // a look-up that got no answer is not remembered: the next publication asks again
    entry.streamed.onComplete(ar -> {
      if (ar.failed()) {
        known.remove(topic, entry);
      } else if (ar.result()) {
        streamed.add(topic);
      }
    });
    return entry.streamed;
  }

  private Future<Boolean> lookUp(String topic) {
    Promise<Boolean> promise = Promise.promise();
    byte[] request = new JsonObject().put("subject", topic).encode().getBytes(StandardCharsets.UTF_8);
    try {
      connection.requestWithTimeout(STREAM_NAMES, request, Duration.ofSeconds(5)).whenComplete((reply, failure) -> {
        if (failure != null && (!noResponders(failure) || jetStreamSeen)) {
          // no answer; or none from a JetStream that answered before (a restarted server not ready yet)
          promise.fail(failure);
          return;
        }
        if (failure != null || reply == null || reply.isStatusMessage()) {
          // no responders: JetStream is not enabled, so no topic has a stream
          promise.complete(false);
          return;
        }
        try {
          JsonArray streams = new JsonObject(new String(reply.getData(), StandardCharsets.UTF_8)).getJsonArray("streams");
          jetStreamSeen = true;
          promise.complete(streams != null && !streams.isEmpty());
        } catch (RuntimeException e) {
          promise.complete(false);
        }
      });
    } catch (RuntimeException e) {
      promise.fail(e); // not connected

    }
    return promise.future();
  }

  /** Whether a request failed for want of anybody subscribed to its subject (NATS's 503 status). */
  static boolean noResponders(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.nats.client.JetStreamStatusException status && status.getStatus().getCode() == 503) {
        return true;
      }
      String text = String.valueOf(t.getMessage());
      if (text.contains("No Responders") || text.contains("no responders")) {
        return true;
      }
    }
    return false;
  }

  /** The stream holding the topic: one that already captures the subject, or one created for it. Blocking. */
  String ensureStream(String topic) throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    List<String> names = jsm.getStreamNames(topic);
    if (!names.isEmpty()) {
      return streamFound(topic, names.get(0));
    }
    String name = Subjects.name(options.getStreamPrefix(), topic);
    StreamConfiguration.Builder config = StreamConfiguration.builder()
      .name(name)
      .subjects(topic)
      .retentionPolicy(switch (options.getStreamRetention()) {
        case "limits" -> RetentionPolicy.Limits;
        case "workqueue" -> RetentionPolicy.WorkQueue;
        default -> RetentionPolicy.Interest;
      })
      .storageType("memory".equals(options.getStreamStorage()) ? StorageType.Memory : StorageType.File);
    if (!options.getStreamMaxAge().isZero()) {
      config.maxAge(options.getStreamMaxAge());
    }
    try {
      jsm.addStream(config.build());
    } catch (JetStreamApiException e) {
      // made meanwhile by another subscriber, maybe under another name: take the one there is
      names = jsm.getStreamNames(topic);
      if (names.isEmpty()) {
        throw e;
      }
      return streamFound(topic, names.get(0));
    }
    return streamFound(topic, name);
  }

  private String streamFound(String topic, String stream) {
    jetStreamSeen = true;
    streamed.add(topic);
    known.put(topic, new Known(Future.succeededFuture(true), System.nanoTime() + options.getStreamLookupTtl().toNanos()));
    return stream;
  }

  /**
   * The durable consumer of that name on the stream, created or updated: explicit acknowledgements, new
   * messages only when it is first made, {@code maxAckPending} deliveries out at once. Blocking.
   */
  void ensureConsumer(String stream, String consumer, String topic, int maxAckPending)
    throws IOException, JetStreamApiException {
    ConsumerConfiguration config = ConsumerConfiguration.builder()
      .durable(consumer)
      .ackPolicy(AckPolicy.Explicit)
      .deliverPolicy(DeliverPolicy.New)
      .filterSubject(topic)
      .ackWait(options.getAckWait())
      .maxAckPending(maxAckPending)
      .build();
    connection.jetStreamManagement().addOrUpdateConsumer(stream, config);
  }
}
