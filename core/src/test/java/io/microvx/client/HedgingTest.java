package io.microvx.client;

import io.microvx.testing.Await;
import io.microvx.transport.Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hedged requests against two stub nodes: every call goes first to node 0, which stalls every 20th call
 * it gets (5 %) until the test releases it; node 1 always answers. Answers move the client's clock by
 * 2 ms, so the endpoint's p95 — the hedge delay — is 2 ms whatever the machine's load. Which calls
 * finish before the release is decided by the counts, not by timing.
 */
class HedgingTest {

  private static final int CALLS = 100;
  private static final Duration ANSWER = Duration.ofMillis(2);

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Promise<Message>> stalled = new CopyOnWriteArrayList<>();
  private volatile boolean stalling;
  private final StubNodes nodes = new StubNodes(2, (address, n) -> {
    if (stalling && address.equals("stub-0:1") && n % 20 == 0) {
      Promise<Message> held = Promise.promise();
      stalled.add(held);
      return held.future();
    }
    now.addAndGet(ANSWER.toNanos());
    return StubNodes.reply(address);
  });

  @AfterEach
  void close() {
    stalled.forEach(p -> p.tryComplete(Message.of(Buffer.buffer("late"))));
    Await.result(vertx.close());
  }

  private Client client(ClientOptions options) {
    return Client.builder(vertx)
      .selector(nodes.selector())
      .transport(nodes.transport())
      .options(options)
      .backoff(Backoff.none())
      .clock(now::get)
      .build();
  }

  /** Calls that teach the client the endpoint's latency (2 ms each on its clock). */
  private void warmUp(Client client, CallOptions options) {
    stalling = false;
    for (int i = 0; i < 2 * HedgeOptions.MIN_SAMPLES; i++) {
      Await.result(client.call("greeter", "Say.Hello", Buffer.buffer(), Buffer.class, options));
    }
  }

  /** Runs the calls; returns each one's latency in real nanoseconds, -1 while unanswered. */
  private List<AtomicLong> run(Client client, CallOptions options) {
    stalling = true;
    nodes.requests.clear();
    List<AtomicLong> latencies = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      AtomicLong latency = new AtomicLong(-1);
      long start = System.nanoTime();
      client.call("greeter", "Say.Hello", Buffer.buffer(), Buffer.class, options)
        .onSuccess(reply -> latency.set(System.nanoTime() - start));
      latencies.add(latency);
    }
    return latencies;
  }

  private static long answered(List<AtomicLong> latencies) {
    return latencies.stream().filter(l -> l.get() >= 0).count();
  }

  private static double p99Millis(List<AtomicLong> latencies) {
    long[] sorted = latencies.stream().mapToLong(AtomicLong::get).sorted().toArray();
    return sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6;
  }

  private void releaseStalledAfter(Duration pause) {
    Promise<Void> released = Promise.promise();
    vertx.setTimer(Math.max(1, pause.toMillis()), id -> {
      stalled.forEach(p -> p.tryComplete(Message.of(Buffer.buffer("stub-0:1"))));
      released.complete();
    });
    Await.result(released.future());
  }

  @Test
  void aStalledIdempotentCallIsAnsweredByTheSecondNodeAndP99IsCut() {
    CallOptions idempotent = new CallOptions().setIdempotent(true);

    Client hedging = client(new ClientOptions());
    warmUp(hedging, idempotent);
    List<AtomicLong> hedged = run(hedging, idempotent);
    Await.until("every call answered while node 0 still holds its stalled ones", () -> answered(hedged) == CALLS);
    assertThat(stalled).hasSize(CALLS / 20);
    assertThat(stalled).allSatisfy(p -> assertThat(p.future().isComplete()).isFalse());
    ClientStats stats = hedging.stats();
    assertThat(stats.hedges()).as("only the stalled calls waited past p95").isEqualTo(CALLS / 20);
    assertThat(stats.hedgesWon()).isEqualTo(CALLS / 20);
    assertThat(nodes.at(1)).isEqualTo(CALLS / 20);
    double p99Hedged = p99Millis(hedged);
    releaseStalledAfter(Duration.ZERO);

    stalled.clear();
    Client plain = client(new ClientOptions().setHedge(new HedgeOptions().setEnabled(false)));
    warmUp(plain, idempotent);
    List<AtomicLong> unhedged = run(plain, idempotent);
    Await.until("the calls node 0 did not stall", () -> answered(unhedged) == CALLS - CALLS / 20);
    releaseStalledAfter(Duration.ofSeconds(1));
    Await.until("the stalled calls, once released", () -> answered(unhedged) == CALLS);
    double p99Plain = p99Millis(unhedged);

    System.out.printf("hedging: %d calls, node 0 stalls 1 in 20: p99 %.1f ms hedged (%s), %.1f ms without%n",
      CALLS, p99Hedged, stats, p99Plain);
    assertThat(plain.stats().hedges()).isZero();
    assertThat(nodes.at(1)).as("without hedging node 1 is never asked").isZero();
    assertThat(p99Plain).isGreaterThanOrEqualTo(1000);
    assertThat(p99Hedged).isLessThan(p99Plain);
  }

  @Test
  void callsNotMarkedIdempotentAreNeverHedged() {
    Client client = client(new ClientOptions().setHedge(new HedgeOptions().setEndpoints(List.of("other/Say.Hello"))));
    CallOptions unmarked = new CallOptions();
    warmUp(client, unmarked);
    List<AtomicLong> calls = run(client, unmarked);
    Await.until("the calls node 0 did not stall", () -> answered(calls) == CALLS - CALLS / 20);
    List<AtomicLong> refused = run(client, new CallOptions().setIdempotent(false));
    Await.until("the calls node 0 did not stall", () -> answered(refused) == CALLS - CALLS / 20);
    assertThat(client.stats().hedges()).isZero();
    assertThat(nodes.at(1)).isZero();
    assertThat(stalled).hasSize(2 * CALLS / 20);
  }

  @Test
  void anEndpointListedAsIdempotentIsHedgedWithinTheRetryBudget() {
    Client client = client(new ClientOptions()
      .setHedge(new HedgeOptions().setEndpoints(List.of("greeter/Say.Hello")))
      .setRetryBudget(new RetryBudgetOptions().setPercent(0).setMinPerSecond(1).setWindow(Duration.ofSeconds(2))));
    warmUp(client, new CallOptions());
    List<AtomicLong> calls = run(client, new CallOptions());
    // the budget holds two retries: two stalled calls are hedged, the other three wait
    Await.until("the hedged calls and those node 0 did not stall", () -> answered(calls) == CALLS - 3);
    Await.until("the three refused hedges counted", () -> client.stats().hedgesRefused() == 3);
    assertThat(client.stats().hedges()).isEqualTo(2);
    assertThat(client.stats().hedgesWon()).isEqualTo(2);
  }

  @Test
  void aFixedDelayHedgesWithoutWaitingToLearnTheEndpointsLatency() {
    Client client = client(new ClientOptions().setHedge(new HedgeOptions().setDelay(Duration.ofMillis(5))));
    List<AtomicLong> calls = run(client, new CallOptions().setIdempotent(true));
    Await.until("every call answered while node 0 still holds its stalled ones", () -> answered(calls) == CALLS);
    assertThat(client.stats().hedges()).isEqualTo(CALLS / 20);
    assertThat(client.stats().hedgesWon()).isEqualTo(CALLS / 20);
  }

  @Test
  void theHedgeDelayIsTheEndpointsPercentileOnceItHasEnoughLatencies() {
    LatencyTracker tracker = new LatencyTracker(2, 100);
    for (int ms = 1; ms <= 100; ms++) {
      tracker.record("greeter", "Say.Hello", ms * 1_000_000L);
    }
    assertThat(tracker.percentile("greeter", "Say.Hello", 95, 20)).isEqualTo(95_000_000L);
    assertThat(tracker.percentile("greeter", "Say.Hello", 50, 20)).isEqualTo(50_000_000L);
    tracker.record("greeter", "Say.Hello", 500_000_000L);
    assertThat(tracker.percentile("greeter", "Say.Hello", 99, 20)).as("the oldest left the ring").isEqualTo(100_000_000L);
    assertThat(tracker.percentile("greeter", "Say.Other", 95, 20)).isEqualTo(-1);
    tracker.record("greeter", "Say.Other", 1);
    assertThat(tracker.percentile("greeter", "Say.Other", 95, 20)).as("too few").isEqualTo(-1);
    tracker.record("greeter", "Say.Third", 1);
    assertThat(tracker.size()).as("bounded").isEqualTo(2);
  }

  @Test
  void optionsReadAndWriteTheirFlatKeys() {
    ClientOptions options = new ClientOptions(new JsonObject()
      .put("client_hedge", "false")
      .put("client_hedge_endpoints", "Say.Hello, greeter/Say.Bye")
      .put("client_hedge_percentile", "90")
      .put("client_hedge_delay", "15ms")
      .put("client_hedge_min_delay", "2ms"));
    HedgeOptions hedge = options.getHedge();
    assertThat(hedge.isEnabled()).isFalse();
    assertThat(hedge.getEndpoints()).containsExactly("Say.Hello", "greeter/Say.Bye");
    assertThat(hedge.getPercentile()).isEqualTo(90);
    assertThat(hedge.getDelay()).isEqualTo(Duration.ofMillis(15));
    assertThat(hedge.getMinDelay()).isEqualTo(Duration.ofMillis(2));
    assertThat(new HedgeOptions(new ClientOptions(options).toJson()).toJson()).isEqualTo(hedge.toJson());
    assertThat(new CallOptions(new CallOptions().setIdempotent(true).toJson()).getIdempotent()).isTrue();
    assertThat(new HedgeOptions().toJson().getString("client_hedge_delay")).as("the percentile").isEqualTo("0s");
  }
}
