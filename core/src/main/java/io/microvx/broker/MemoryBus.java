package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of an in-memory broker, shareable between brokers of several Vert.x instances.
 * Routing and queueing hold the bus's monitor briefly; handlers run on their subscriber's context.
 *
 * <p>A message goes to every subscriber without a group and to one member of each group (in turn,
 * skipping members whose backlog is full). A group is the subscribers sharing a durable name, or else a
 * queue name. When a target's backlog is full the publication waits, in order behind earlier ones to the
 * same topic, until one of its handlers settles a delivery, or fails with 503 at its timeout.
 *
 * <p>A durable group whose last member left keeps receiving: its messages are parked (at most the
 * member's backlog bound; beyond, the oldest are dropped and counted) until a subscriber with that durable
 * name comes, which gets them first. The bus lives as long as the process.
 */
final class MemoryBus {

  private static final Logger log = LoggerFactory.getLogger(MemoryBus.class);
  private static final ConcurrentHashMap<String, MemoryBus> SHARED = new ConcurrentHashMap<>();

  private final Map<String, List<MemorySubscription>> byTopic = new HashMap<>();
  private final Map<String, Integer> turns = new HashMap<>();
  /** Publications waiting for room, per topic: a full subscriber holds back its own topic only. */
  private final Map<String, ArrayDeque<Waiting>> waiting = new HashMap<>();
  /** Durable groups without a member, per topic then durable name. */
  private final Map<String, Map<String, Parked>> parked = new HashMap<>();

  static MemoryBus shared(String name) {
    return SHARED.computeIfAbsent(name, n -> new MemoryBus());
  }

  private record Waiting(String topic, Message message, Promise<Void> promise, Context context, BrokerCounters counters) {
  }

  /** Messages of a durable group while it has no member. */
  private record Parked(ArrayDeque<Deliveries.Pending> messages, int capacity, BrokerCounters counters) {
  }

  /** The group a subscription belongs to: its durable name, else its queue; null for neither. */
  static String group(SubscribeOptions options) {
    if (options.getDurable() != null) {
      return "durable\u0000" + options.getDurable();
    }
    return options.getQueue() == null ? null : "queue\u0000" + options.getQueue();
  }

  /** Adds a subscription; a durable one first gets what was parked for its name. */
  synchronized void add(MemorySubscription subscription) {
    byTopic.computeIfAbsent(subscription.topic(), t -> new ArrayList<>()).add(subscription);
    String durable = subscription.durable();
    Map<String, Parked> ofTopic = durable == null ? null : parked.get(subscription.topic());
    Parked waitingForIt = ofTopic == null ? null : ofTopic.remove(durable);
    if (waitingForIt != null) {
      if (ofTopic.isEmpty()) {
        parked.remove(subscription.topic());
      }
      waitingForIt.messages.forEach(p -> subscription.enqueue(p.message(), p.attempt()));
    }
  }

  /** Removes a subscription; what it had not started yet goes to another member of its group. */
  void remove(MemorySubscription subscription) {
    synchronized (this) {
      List<MemorySubscription> subscriptions = byTopic.get(subscription.topic());
      if (subscriptions == null || !subscriptions.remove(subscription)) {
        return;
      }
      if (subscriptions.isEmpty()) {
        byTopic.remove(subscription.topic());
      }
      String durable = subscription.durable();
      if (durable != null && member(subscription.topic(), subscription.group(), false) == null) {
        // the durable group's last member left: from now on its messages wait for it
        park(subscription.topic(), durable, subscription.capacity(), subscription.counters());
      }
      for (Deliveries.Pending left : subscription.drain()) {
        handOver(subscription, left.message(), left.attempt());
      }
    }
    admitWaiting();
  }

  /**
   * Gives a message of a subscription that is going to another member of its group, room or not (a
   * backlog briefly over its bound beats a lost message); with no member left a durable group parks it,
   * anything else drops it, counted.
   */
  synchronized void handOver(MemorySubscription from, Message message, int attempt) {
    String group = from.group();
    MemorySubscription other = group == null ? null : member(from.topic(), group, false);
    if (other != null) {
      other.enqueue(message, attempt);
    } else if (from.durable() != null) {
      park(from.topic(), from.durable(), from.capacity(), from.counters()).messages.add(
        new Deliveries.Pending(message, attempt, null, 0));
    } else {
      from.counters().dropped.increment();
      log.warn("dropped a message of {} for lack of subscribers after an unsubscribe", from.topic());
    }
  }

  private Parked park(String topic, String durable, int capacity, BrokerCounters counters) {
    return parked.computeIfAbsent(topic, t -> new HashMap<>())
      .computeIfAbsent(durable, d -> new Parked(new ArrayDeque<>(), capacity, counters));
  }

  Future<Void> publish(Vertx vertx, BrokerCounters counters, String topic, Message message, long timeoutMs) {
    counters.published.increment();
    Promise<Void> promise = Promise.promise();
    Context context = Vertx.currentContext();
    Waiting entry = new Waiting(topic, message, promise, context, counters);
    synchronized (this) {
      if (!routable(topic)) {
        counters.unrouted.increment();
        return Future.succeededFuture();
      }
      if (waiting.get(topic) == null && admit(entry)) {
        return Future.succeededFuture();
      }
      waiting.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(entry);
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
    synchronized (this) {
      for (Iterator<ArrayDeque<Waiting>> queues = waiting.values().iterator(); queues.hasNext(); ) {
        ArrayDeque<Waiting> queue = queues.next();
        while (!queue.isEmpty()) {
          Waiting next = queue.peek();
          if (!routable(next.topic)) {
            next.counters.unrouted.increment();
          } else if (!admit(next)) {
            break;
          }
          queue.poll();
          admitted.add(next);
        }
        if (queue.isEmpty()) {
          queues.remove();
        }
      }
    }
    admitted.forEach(w -> Delivery.completeOn(w.context, w.promise, null));
  }

  private boolean routable(String topic) {
    return byTopic.containsKey(topic) || parked.containsKey(topic);
  }

  /** Enqueues the message for all its targets, or returns false when one has no room (nothing enqueued). */
  private boolean admit(Waiting entry) {
    List<MemorySubscription> targets = new ArrayList<>();
    Set<String> groups = new HashSet<>();
    for (MemorySubscription subscription : byTopic.getOrDefault(entry.topic, List.of())) {
      String group = subscription.group();
      if (group == null) {
        if (!subscription.hasRoom()) {
          return false;
        }
        targets.add(subscription);
      } else if (groups.add(group)) {
        MemorySubscription member = member(entry.topic, group, true);
        if (member == null) {
          return false;
        }
        targets.add(member);
      }
    }
    for (MemorySubscription target : targets) {
      target.enqueue(entry.message, 1);
    }
    for (Map.Entry<String, Parked> durable : parked.getOrDefault(entry.topic, Map.of()).entrySet()) {
      Parked messages = durable.getValue();
      messages.messages.add(new Deliveries.Pending(entry.message, 1, null, 0));
      if (messages.messages.size() > messages.capacity) {
        messages.messages.poll();
        messages.counters.dropped.increment();
        log.warn("dropped the oldest message parked for durable subscriber {} of {}: more than {} waited",
          durable.getKey(), entry.topic, messages.capacity);
      }
    }
    return true;
  }

  /** The next member of a group in turn (with room, if asked), or null. Holds the monitor. */
  private MemorySubscription member(String topic, String group, boolean needRoom) {
    List<MemorySubscription> members = new ArrayList<>();
    for (MemorySubscription subscription : byTopic.getOrDefault(topic, List.of())) {
      // one whose Vert.x is gone may still be listed until it is removed: it must not take its own messages back
      if (group.equals(subscription.group()) && subscription.isOpen()) {
        members.add(subscription);
      }
    }
    if (members.isEmpty()) {
      return null;
    }
    int start = turns.merge(topic + "\u0000" + group, 1, Integer::sum);
    for (int i = 0; i < members.size(); i++) {
      MemorySubscription member = members.get(Math.floorMod(start + i, members.size()));
      if (!needRoom || member.hasRoom()) {
        return member;
      }
    }
    return null;
  }
}
