package io.microvx.mutiny;

import io.microvx.broker.Broker;
import io.microvx.broker.Event;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;

/**
 * A broker subscription as a back-pressured publisher: the broker's handler parks each delivery until
 * downstream demand takes it, so at most {@code max_in_flight} deliveries wait here.
 */
final class EventPublisher implements Flow.Publisher<Event> {

  private final Broker broker;
  private final String topic;
  private final SubscribeOptions options;

  EventPublisher(Broker broker, String topic, SubscribeOptions options) {
    this.broker = broker;
    this.topic = topic;
    this.options = options;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Event> downstream) {
    Bridge bridge = new Bridge(downstream);
    downstream.onSubscribe(bridge);
    broker.subscribe(topic, bridge::park, options).onComplete(ar -> {
      if (ar.failed()) {
        bridge.fail(ar.cause());
      } else {
        bridge.subscribed(ar.result());
      }
    });
  }

  private static final class Bridge implements Flow.Subscription {
    private final Flow.Subscriber<? super Event> downstream;
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();
    private long demand;
    private boolean emitting;
    private boolean done;
    private Subscriber subscription;

    private record Parked(Event event, Promise<Void> taken) {
    }

    Bridge(Flow.Subscriber<? super Event> downstream) {
      this.downstream = downstream;
    }

    Future<Void> park(Event event) {
      Promise<Void> taken = Promise.promise();
      synchronized (this) {
        if (done) {
          return Future.failedFuture("the subscriber has gone");
        }
        parked.add(new Parked(event, taken));
      }
      drain();
      return taken.future();
    }

    synchronized void subscribed(Subscriber subscription) {
      this.subscription = subscription;
      if (done) {
        subscription.unsubscribe();
      }
    }

    void fail(Throwable failure) {
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
      }
      downstream.onError(failure);
    }

    @Override
    public void request(long n) {
      synchronized (this) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      }
      drain();
    }

    @Override
    public void cancel() {
      Subscriber current;
      ArrayDeque<Parked> left;
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
        current = subscription;
        left = new ArrayDeque<>(parked);
        parked.clear();
      }
      left.forEach(p -> p.taken.tryFail("the subscriber cancelled"));
      if (current != null) {
        current.unsubscribe();
      }
    }

    /** Emits what demand allows, one caller at a time, in arrival order. */
    private void drain() {
      while (true) {
        Parked next;
        synchronized (this) {
          if (emitting || done || demand == 0 || parked.isEmpty()) {
            return;
          }
          emitting = true;
          next = parked.poll();
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
        }
        try {
          downstream.onNext(next.event);
          next.taken.tryComplete();
        } finally {
          synchronized (this) {
            emitting = false;
          }
        }
      }
    }
  }
}
