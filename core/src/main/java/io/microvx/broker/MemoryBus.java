package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of an in-memory broker, shareable between brokers of several Vert.x instances.
 * Routing and queueing hold the bus's monitor briefly; handlers run on their subscriber's context.
 *
 * <p>A message goes to every subscriber without a queue and to one member of each queue group (in turn,
 * skipping members whose backlog is full). When a target's backlog is full the publication waits, in
 * order behind earlier ones to the same topic, until one of its handlers settles a delivery, or fails
 * with 503 at its timeout.
 */
final class MemoryBus {

  private static final ConcurrentHashMap<String, MemoryBus> SHARED = new ConcurrentHashMap<>();

  private final Map<String, List<MemorySubscription>> byTopic = new HashMap<>();
  private final Map<String, Integer> turns = new HashMap<>();
  /** Publications waiting for room, per topic: a full subscriber holds back its own topic only. */
  private final Map<String, ArrayDeque<Waiting>> waiting = new HashMap<>();

  static MemoryBus shared(String name) {
    return SHARED.computeIfAbsent(name, n -> new MemoryBus());
  }

  private record Waiting(String topic, Message message, Promise<Void> promise, Context context, BrokerCounters counters) {
  }

  synchronized void add(MemorySubscription subscription) {
    byTopic.computeIfAbsent(subscription.topic(), t -> new ArrayList<>()).add(subscription);
  }

  /** Removes a subscription; what it had not started yet goes to another member of its queue group. */
  void remove(MemorySubscription subscription) {
    List<MemorySubscription> wake = new ArrayList<>();
    synchronized (this) {
      List<MemorySubscription> subscriptions = byTopic.get(subscription.topic());
      if (subscriptions == null || !subscriptions.remove(subscription)) {
        return;
      }
      if (subscriptions.isEmpty()) {
        byTopic.remove(subscription.topic());
      }
      for (Delivery left : subscription.drain()) {
        MemorySubscription other = handOver(subscription, left.message(), left.attempt());
        if (other != null) {
          wake.add(other);
        }
      }
    }
    wake.forEach(MemorySubscription::pump);
    admitWaiting();
  }

  /**
   * Gives a message of a subscription that is going to another member of its queue group, room or not
   * (a backlog briefly over its bound beats a lost message); returns that member, or null when there is
   * none and the message was dropped. Holds the monitor.
   */
  MemorySubscription handOver(MemorySubscription from, Message message, int attempt) {
    String queue = from.options().getQueue();
    MemorySubscription other = queue == null ? null : member(from.topic(), queue, false);
    if (other == null) {
      from.dropUnsubscribed(from.topic());
      return null;
    }
    other.enqueue(message, attempt);
    return other;
  }

  Future<Void> publish(Vertx vertx, BrokerCounters counters, String topic, Message message, long timeoutMs) {
    counters.published.increment();
    List<MemorySubscription> targets;
    Promise<Void> promise = Promise.promise();
    Context context = Vertx.currentContext();
    Waiting entry = new Waiting(topic, message, promise, context, counters);
    synchronized (this) {
      ArrayDeque<Waiting> queue = waiting.get(topic);
      targets = queue == null ? admit(entry) : null;
      if (targets == null) {
        if (!byTopic.containsKey(topic)) {
          counters.unrouted.increment();
          return Future.succeededFuture();
        }
        waiting.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(entry);
      }
    }
    if (targets != null) {
      targets.forEach(MemorySubscription::pump);
      return Future.succeededFuture();
    }
    vertx.setTimer(Math.max(1, timeoutMs), id -> {
      boolean expired;
      synchronized (this) {
        ArrayDeque<Waiting> queue = waiting.get(topic);
        expired = queue != null && queue.remove(entry);
        if (queue != null && queue.isEmpty()) {
          waiting.remove(topic);
        }
      }
      if (expired) {
        Delivery.completeOn(context, promise, new MicroException("go.micro.broker",
          "publishing to " + topic + " timed out after " + timeoutMs + " ms: a subscriber's backlog is full", 503));
      }
    });
    return promise.future();
  }

  /** Lets waiting publications in, in order, as far as backlogs now allow. */
  void admitWaiting() {
    List<Waiting> admitted = new ArrayList<>();
    List<MemorySubscription> wake = new ArrayList<>();
    synchronized (this) {
      for (Iterator<ArrayDeque<Waiting>> queues = waiting.values().iterator(); queues.hasNext(); ) {
        ArrayDeque<Waiting> queue = queues.next();
        while (!queue.isEmpty()) {
          Waiting next = queue.peek();
          List<MemorySubscription> targets = byTopic.containsKey(next.topic) ? admit(next) : List.of();
          if (targets == null) {
            break;
          }
          if (targets.isEmpty()) {
            next.counters.unrouted.increment();
          }
          queue.poll();
          admitted.add(next);
          wake.addAll(targets);
        }
        if (queue.isEmpty()) {
          queues.remove();
        }
      }
    }
    wake.forEach(MemorySubscription::pump);
    admitted.forEach(w -> Delivery.completeOn(w.context, w.promise, null));
  }

  /** Enqueues the message for its targets and returns them, or null when one has no room (nothing enqueued). */
  private List<MemorySubscription> admit(Waiting entry) {
    List<MemorySubscription> subscriptions = byTopic.get(entry.topic);
    if (subscriptions == null) {
      return null;
    }
    List<MemorySubscription> targets = new ArrayList<>();
    Map<String, Boolean> groups = new HashMap<>();
    for (MemorySubscription subscription : subscriptions) {
      String queue = subscription.options().getQueue();
      if (queue == null) {
        if (!subscription.hasRoom()) {
          return null;
        }
        targets.add(subscription);
      } else if (groups.putIfAbsent(queue, Boolean.TRUE) == null) {
        MemorySubscription member = member(entry.topic, queue, true);
        if (member == null) {
          return null;
        }
        targets.add(member);
      }
    }
    for (MemorySubscription target : targets) {
      target.enqueue(entry.message, 1);
    }
    return targets;
  }

  /** The next member of a queue group in turn (with room, if asked), or null. Holds the monitor. */
  private MemorySubscription member(String topic, String queue, boolean needRoom) {
    List<MemorySubscription> members = new ArrayList<>();
    for (MemorySubscription subscription : byTopic.getOrDefault(topic, List.of())) {
      if (queue.equals(subscription.options().getQueue())) {
        members.add(subscription);
      }
    }
    if (members.isEmpty()) {
      return null;
    }
    String key = topic + "\u0000" + queue;
    int start = turns.merge(key, 1, Integer::sum);
    for (int i = 0; i < members.size(); i++) {
      MemorySubscription member = members.get(Math.floorMod(start + i, members.size()));
      if (!needRoom || member.hasRoom()) {
        return member;
      }
    }
    return null;
  }
}
