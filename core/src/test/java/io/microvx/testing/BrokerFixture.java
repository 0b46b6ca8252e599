package io.microvx.testing;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.broker.BrokerStats;
import io.microvx.broker.Event;
import io.microvx.broker.Message;
import io.microvx.registry.Registry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link BrokerContract}'s cases stand on: a Vert.x, brokers made by the implementation under test
 * (one per participant, as separate processes would have), the capabilities it declares, and helpers to
 * publish and count. A broker plugin's test extends {@link BrokerContract} and overrides
 * {@link #newBroker} and the capability hooks that differ from the defaults.
 */
public abstract class BrokerFixture {

  protected Vertx vertx;
  protected Registry registry;
  private final List<Broker> made = new ArrayList<>();

  /** A broker as a separate process would have one, connected, with these options. */
  protected abstract Broker newBroker(BrokerOptions options);

  /**
   * How many messages a stuck subscriber may let in before publishing is refused: the broker's own
   * buffers, plus for brokers behind a socket (a proxy) what the socket buffers hold.
   */
  protected int stuckSubscriberBound() {
    return 64;
  }

  /** Waits until the publisher would route the topic to that many subscribers (discovery may lag). */
  protected void awaitSubscribers(Broker publisher, String topic, int count) {
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    registry = Registry.memory(vertx);
  }

  @AfterEach
  void stopVertx() {
    made.forEach(b -> Await.result(b.disconnect()));
    Await.result(vertx.close());
  }

  // ---- capabilities: a case needing one the broker lacks is skipped, saying why ----

  /** Keeps messages for an absent durable subscriber ({@code SubscribeOptions.durable}). */
  protected boolean keepsDurableSubscriptions() {
    return false;
  }

  /** {@link Event#attempt()} rises when the subscriber sees a message again (not when a sender re-sends). */
  protected boolean countsAttempts() {
    return true;
  }

  /** Counts publications that no subscriber took ({@link BrokerStats#unrouted()}). */
  protected boolean countsUnrouted() {
    return true;
  }

  /** Makes publishing wait, then fail with 503, when a subscriber's backlog is full. */
  protected boolean refusesWhenBacklogFull() {
    return true;
  }

  /** Can take the broker (or what stands between it and the subscribers) down and up: {@link #restartBroker()}. */
  protected boolean canRestartBroker() {
    return false;
  }

  /**
   * Takes the broker away from its subscribers and brings it back, e.g. restarts the server or the proxy in
   * between; returns once it answers again.
   */
  protected void restartBroker() {
    throw new UnsupportedOperationException("no restart: override canRestartBroker() and restartBroker()");
  }

  protected static void assume(boolean capable, String why) {
    Assumptions.assumeTrue(capable, why);
  }

  protected Broker broker() {
    return broker(new BrokerOptions().setRetryBackoff(Duration.ofMillis(10)));
  }

  protected Broker broker(BrokerOptions options) {
    Broker broker = newBroker(options);
    made.add(broker);
    Await.result(broker.connect());
    return broker;
  }

  protected static Message text(String body) {
    return new Message(Map.of("Content-Type", "text/plain"), Buffer.buffer(body));
  }

  /** Publishes bodies m0…m(n-1), keeping a bounded number of publications outstanding. */
  protected static void publishAll(Broker publisher, String topic, int count) {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    for (int lane = 0; lane < 32; lane++) {
      publishNext(publisher, topic, count, next, finished, done);
    }
    Await.result(done.future(), Duration.ofSeconds(120));
  }

  /** Publishes on one lane until all are taken; loops while publications complete at once (no recursion). */
  private static void publishNext(Broker publisher, String topic, int count, AtomicInteger next, AtomicInteger finished,
                                  Promise<Void> done) {
    while (true) {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      Future<Void> published = publisher.publish(topic, text("m" + i));
      if (published.isComplete()) {
        if (!settle(published, count, finished, done)) {
          return;
        }
        continue;
      }
      published.onComplete(ar -> {
        if (settle(published, count, finished, done)) {
          publishNext(publisher, topic, count, next, finished, done);
        }
      });
      return;
    }
  }

  private static boolean settle(Future<Void> published, int count, AtomicInteger finished, Promise<Void> done) {
    if (published.failed()) {
      done.tryFail(published.cause());
      return false;
    }
    if (finished.incrementAndGet() == count) {
      done.tryComplete();
    }
    return true;
  }

  /** Counts each body received by one subscriber. */
  protected static final class Received {
    public final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    public final AtomicInteger total = new AtomicInteger();

    /** Public: plugin tests in other packages count with it too. */
    public Received() {
    }

    public Future<Void> record(Event event) {
      counts.computeIfAbsent(event.message().body().toString(), k -> new AtomicInteger()).incrementAndGet();
      total.incrementAndGet();
      return Future.succeededFuture();
    }

    public boolean eachOnce(int count) {
      return counts.size() == count && counts.values().stream().allMatch(c -> c.get() == 1);
    }
  }

  protected BrokerStats sum(List<Broker> brokers) {
    long[] s = new long[6];
    for (Broker b : brokers) {
      BrokerStats x = b.stats();
      s[0] += x.published();
      s[1] += x.unrouted();
      s[2] += x.delivered();
      s[3] += x.failed();
      s[4] += x.retried();
      s[5] += x.dropped();
    }
    return new BrokerStats(s[0], s[1], s[2], s[3], s[4], s[5]);
  }
}
