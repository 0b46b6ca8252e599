package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The publishing side of the http broker. A publication becomes one delivery per broadcast subscriber
 * and one per queue group; deliveries wait in a bounded buffer ({@code broker_max_pending}) and at most
 * {@code broker_concurrency} are sent at once. A failed delivery moves to another member of its queue
 * group; when none is left (or for a broadcast subscriber) it is retried after a doubling back-off, up to
 * {@code broker_redeliveries} times, then dropped, counted and logged. A subscriber that answers 429 (its
 * own backlog is full) is asked again later without using up an attempt. When the buffer is full,
 * publishing waits for room up to its timeout, then fails with 503.
 */
final class HttpOutbox {

  static final String BROADCAST = "ff.http.broadcast";
  private static final Logger log = LoggerFactory.getLogger(HttpOutbox.class);
  private static final long BUSY_PAUSE_MS = 20;

  private final Vertx vertx;
  private final HttpClient client;
  private final CachingRegistry registry;
  private final BrokerOptions options;
  private final BrokerCounters counters;
  private final ArrayDeque<Outbound> ready = new ArrayDeque<>();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int held;
  private int sending;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();

  /** One delivery: to a broadcast node, or to some member of a queue group. */
  private static final class Outbound {
    final String topic;
    final Buffer envelope;
    final String queue;
    final Node node;
    final Set<String> tried = new HashSet<>();
    int attempt = 1;

    Outbound(String topic, Buffer envelope, String queue, Node node) {
      this.topic = topic;
      this.envelope = envelope;
      this.queue = queue;
      this.node = node;
    }
  }

  private record Waiting(List<Outbound> deliveries, Promise<Void> promise, Context context) {
  }

  HttpOutbox(Vertx vertx, HttpClient client, CachingRegistry registry, BrokerOptions options, BrokerCounters counters) {
    this.vertx = vertx;
    this.client = client;
    this.registry = registry;
    this.options = options;
    this.counters = counters;
  }

  Future<Void> publish(String topic, Message message, long timeoutMs) {
    counters.published.increment();
    Buffer envelope = Envelope.encode(topic, message);
    Context context = Vertx.currentContext();
    return registry.getService(options.getHttpService())
      .recover(err -> Future.failedFuture(new MicroException("go.micro.broker",
        "cannot find the subscribers of " + topic + ": " + err.getMessage(), 503)))
      .compose(services -> {
        List<Outbound> deliveries = route(topic, envelope, services);
        if (deliveries.isEmpty()) {
          counters.unrouted.increment();
          return Future.succeededFuture();
        }
        return admit(deliveries, timeoutMs, context);
      });
  }

  private static List<Outbound> route(String topic, Buffer envelope, List<Service> services) {
    List<Outbound> deliveries = new ArrayList<>();
    Set<String> groups = new HashSet<>();
    for (Service service : services) {
      for (Node node : service.nodes()) {
        if (!isSubscriberOf(node, topic)) {
          continue;
        }
        if (BROADCAST.equals(service.version())) {
          deliveries.add(new Outbound(topic, envelope, null, node));
        } else if (groups.add(service.version())) {
          deliveries.add(new Outbound(topic, envelope, service.version(), null));
        }
      }
    }
    return deliveries;
  }

  private static boolean isSubscriberOf(Node node, String topic) {
    return "http".equals(node.metadata().get("broker")) && topic.equals(node.metadata().get("topic"));
  }

  private Future<Void> admit(List<Outbound> deliveries, long timeoutMs, Context context) {
    Promise<Void> promise = Promise.promise();
    Waiting entry = new Waiting(deliveries, promise, context);
    synchronized (this) {
      if (waiting.isEmpty() && fits(deliveries.size())) {
        held += deliveries.size();
        ready.addAll(deliveries);
        entry = null;
      } else {
        waiting.add(entry);
      }
    }
    if (entry == null) {
      pump();
      return Future.succeededFuture();
    }
    Waiting queued = entry;
    vertx.setTimer(Math.max(1, timeoutMs), id -> {
      boolean expired;
      synchronized (this) {
        expired = waiting.remove(queued);
      }
      if (expired) {
        Delivery.completeOn(context, promise, new MicroException("go.micro.broker", "publishing to "
          + deliveries.get(0).topic + " timed out after " + timeoutMs + " ms: the http broker's backlog of "
          + options.getMaxPending() + " deliveries is full", 503));
      }
    });
    return promise.future();
  }

  /** Whether a publication's deliveries fit; one larger than the whole buffer still goes when it is empty. */
  private boolean fits(int deliveries) {
    return held == 0 || held + deliveries <= options.getMaxPending();
  }

  private void admitWaiting() {
    List<Waiting> admitted = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty() && fits(waiting.peek().deliveries.size())) {
        Waiting next = waiting.poll();
        held += next.deliveries.size();
        ready.addAll(next.deliveries);
        admitted.add(next);
      }
    }
    if (!admitted.isEmpty()) {
      pump();
      admitted.forEach(w -> Delivery.completeOn(w.context, w.promise, null));
    }
  }

  private void pump() {
    while (true) {
      Outbound next;
      synchronized (this) {
        if (sending >= options.getConcurrency() || ready.isEmpty()) {
          return;
        }
        next = ready.poll();
        sending++;
      }
      send(next);
    }
  }

  private void send(Outbound delivery) {
    Node node = delivery.queue == null ? delivery.node : member(delivery);
    if (node == null) {
      synchronized (this) {
        sending--;
      }
      retryLater(delivery);
      return;
    }
    delivery.tried.add(node.id());
    RequestOptions request = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setHost(node.host())
      .setPort(node.port())
      .setURI("/_sub?id=" + URLEncoder.encode(node.id(), StandardCharsets.UTF_8))
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .setTimeout(options.getDeliveryTimeout().toMillis());
    // read the status inside the request's own callback (see docs/architecture.md)
    Future<Integer> answered;
    try {
      answered = client.request(request)
        .compose(req -> req.send(delivery.envelope).compose(resp -> resp.body().map(b -> resp.statusCode())));
    } catch (IllegalStateException closed) {
      answered = Future.failedFuture(closed); // a retry fell due after the broker disconnected
    }
    answered.onComplete(ar -> {
      synchronized (this) {
        sending--;
      }
      int status = ar.succeeded() ? ar.result() : -1;
      if (status == 200) {
        finished(delivery);
      } else if (status == 429) {
        // busy, not failing: the same member may take it a moment later, without using up an attempt
        delivery.tried.remove(node.id());
        vertx.setTimer(BUSY_PAUSE_MS, id -> requeue(delivery));
      } else {
        counters.failed.increment();
        if (delivery.queue != null && member(delivery) != null) {
          requeue(delivery);
        } else {
          retryLater(delivery);
        }
      }
      pump();
    });
  }

  /** A member of the delivery's queue group not tried yet, at random, from the cache; or null. */
  private Node member(Outbound delivery) {
    List<Service> services = registry.peek(options.getHttpService());
    if (services == null) {
      return null;
    }
    List<Node> untried = new ArrayList<>();
    for (Service service : services) {
      if (delivery.queue.equals(service.version())) {
        for (Node node : service.nodes()) {
          if (isSubscriberOf(node, delivery.topic) && !delivery.tried.contains(node.id())) {
            untried.add(node);
          }
        }
      }
    }
    return untried.isEmpty() ? null : untried.get(ThreadLocalRandom.current().nextInt(untried.size()));
  }

  private void requeue(Outbound delivery) {
    synchronized (this) {
      ready.addFirst(delivery);
    }
    pump();
  }

  private void retryLater(Outbound delivery) {
    if (delivery.attempt > options.getRedeliveries() || (delivery.queue == null && !stillSubscribed(delivery.node))) {
      counters.dropped.increment();
      log.warn("dropped a message of {} for {} after {} attempt(s): no subscriber took it", delivery.topic,
        delivery.queue == null ? "subscriber " + delivery.node.id() : "queue " + delivery.queue, delivery.attempt);
      finished(delivery);
      return;
    }
    counters.retried.increment();
    long delay = options.getRetryBackoff().toMillis() << Math.min(delivery.attempt - 1, 16);
    delivery.attempt++;
    delivery.tried.clear();
    vertx.setTimer(Math.max(1, delay), id -> requeue(delivery));
  }

  private boolean stillSubscribed(Node node) {
    List<Service> services = registry.peek(options.getHttpService());
    if (services == null) {
      return true;
    }
    for (Service service : services) {
      for (Node registered : service.nodes()) {
        if (registered.id().equals(node.id())) {
          return true;
        }
      }
    }
    return false;
  }

  private void finished(Outbound delivery) {
    List<Promise<Void>> drained = List.of();
    synchronized (this) {
      held--;
      if (held == 0 && waiting.isEmpty() && !drainWaiters.isEmpty()) {
        drained = new ArrayList<>(drainWaiters);
        drainWaiters.clear();
      }
    }
    drained.forEach(Promise::tryComplete);
    admitWaiting();
  }

  /**
   * Completes when every buffered delivery has been sent (or given up), or after {@code timeoutMs},
   * whichever comes first; so a broker that disconnects does not throw away what it accepted.
   */
  Future<Void> drained(long timeoutMs) {
    Promise<Void> promise = Promise.promise();
    synchronized (this) {
      if (held == 0 && waiting.isEmpty()) {
        return Future.succeededFuture();
      }
      drainWaiters.add(promise);
    }
    long timer = vertx.setTimer(Math.max(1, timeoutMs), id -> {
      if (promise.tryComplete()) {
        log.warn("the http broker disconnected with {} deliveries still unsent after {} ms", held(), timeoutMs);
      }
    });
    return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  /** Deliveries buffered or being sent, for stats and tests. */
  synchronized int held() {
    return held;
  }

  static Map<String, String> nodeMetadata(String topic) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("broker", "http");
    metadata.put("topic", topic);
    metadata.put("secure", "false");
    return metadata;
  }
}
