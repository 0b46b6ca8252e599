package io.microvx.broker;

import io.microvx.registry.Service;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A subscription of the http broker: registered as one node of {@code go.micro.http.broker}. */
final class HttpSubscription implements Subscriber {

  final String id;
  final String topic;
  final EventHandler handler;
  final SubscribeOptions options;
  final Context context;
  final Service registration;
  private final HttpBroker broker;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int inFlight;

  HttpSubscription(HttpBroker broker, String id, String topic, EventHandler handler, SubscribeOptions options,
                   Context context, Service registration) {
    this.broker = broker;
    this.id = id;
    this.topic = topic;
    this.handler = handler;
    this.options = new SubscribeOptions(options);
    this.context = context;
    this.registration = registration;
  }

  /**
   * Runs the delivery once the handler has a free in-flight slot: at once, or after those waiting before
   * it. Returns false, running nothing, when {@code maxWaiting} deliveries already wait (the sender is
   * told the subscriber is busy and tries again later).
   */
  synchronized boolean admit(Runnable delivery, Runnable refusal, int maxWaiting) {
    if (inFlight < options.getMaxInFlight()) {
      inFlight++;
      context.runOnContext(v -> delivery.run());
      return true;
    }
    if (waiting.size() >= maxWaiting) {
      return false;
    }
    waiting.add(new Waiting(delivery, refusal));
    return true;
  }

  /** A delivery settled: its slot goes to the next one waiting. */
  synchronized void release() {
    Waiting next = waiting.poll();
    if (next == null) {
      inFlight--;
    } else {
      context.runOnContext(v -> next.delivery.run());
    }
  }

  /** Refuses the deliveries not yet handed to the handler (the subscription is going away). */
  void refuseWaiting() {
    List<Waiting> refused;
    synchronized (this) {
      refused = new ArrayList<>(waiting);
      waiting.clear();
    }
    refused.forEach(w -> w.refusal.run());
  }

  private record Waiting(Runnable delivery, Runnable refusal) {
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public SubscribeOptions options() {
    return new SubscribeOptions(options);
  }

  @Override
  public Future<Void> unsubscribe() {
    return broker.unsubscribe(this);
  }
}
