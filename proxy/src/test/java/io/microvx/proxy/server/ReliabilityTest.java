package io.microvx.proxy.server;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.client.ClientOptions;
import io.microvx.client.HedgeOptions;
import io.microvx.client.RetryBudgetOptions;
import io.microvx.plugin.ProxyRegistryProvider;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.selector.SelectorOptions;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.microvx.testing.faults.FaultFixture;
import io.microvx.testing.faults.FaultNode;
import io.microvx.testing.faults.Load;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults under load, each node a JVM of its own registered through micro server's registry (this proxy
 * over a memory registry, TTL 5 s renewed every second), called by a client of this JVM reading the same
 * registry through its cache. Each case prints its counts; docs/resilience.md gives them as a table.
 */
class ReliabilityTest {

  private static final Duration TTL = Duration.ofSeconds(5);
  private static final int RATE = 200;
  private static final int MAX_IN_FLIGHT = 64;

  private final Vertx vertx = Vertx.vertx();
  private final ProxyFixture proxy = new ProxyFixture(vertx);

  /** Each node's options; a case may change them before it starts its nodes. */
  private final JsonObject nodeOptions = new JsonObject()
    .put("registry", "proxy").put("proxy_address", proxy.address)
    .put("register_ttl", TTL.toSeconds() + "s").put("register_interval", "1s");

  @RegisterExtension
  final FaultFixture fixture = new FaultFixture(() -> nodeOptions, proxy.outage(), 42);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private Client client(SelectorOptions selection) {
    return client(new ClientOptions().setRetries(3).setRequestTimeout(Duration.ofSeconds(2)), selection);
  }

  private Client client(ClientOptions options, SelectorOptions selection) {
    return TestServices.client(vertx, registryClient(), options, selection);
  }

  private Registry registryClient() {
    return new ProxyRegistryProvider().create(vertx, new JsonObject().put("proxy_address", proxy.address));
  }

  /** Calls the nodes were handed, all together. */
  private static long served(List<FaultFixture.Node> nodes) {
    return nodes.stream().mapToLong(FaultFixture.Node::served).sum();
  }

  private Set<String> registered() {
    return Await.result(proxy.registry.getService(FaultNode.SERVICE)).stream()
      .flatMap(s -> s.nodes().stream()).map(Node::id).collect(Collectors.toSet());
  }

  private static void report(String fault, Load.Report report, String more) {
    System.out.printf("reliability | %s | %s%s%n", fault, report, more.isEmpty() ? "" : " | " + more);
  }

  @Test
  void sigkillOfOneOfThreeNodesUnderLoadFailsNoCallAndTheDeadNodeLeavesTheRegistryWithinItsTtl() {
    List<FaultFixture.Node> nodes = fixture.start(3);
    Load load = Load.start(vertx, client(new SelectorOptions()), RATE, MAX_IN_FLIGHT, new CallOptions());
    load.awaitCalls(500);

    FaultFixture.Node victim = nodes.get(0);
    long killedAt = System.nanoTime();
    victim.kill();
    Await.until("the killed node to leave the registry", Duration.ofSeconds(4 * TTL.toSeconds()),
      () -> !registered().contains(victim.id()));
    long goneMs = (System.nanoTime() - killedAt) / 1_000_000;
    load.awaitCalls(1_000);
    Load.Report report = load.stop();

    report("SIGKILL 1 of 3", report, "dead node out of the registry after " + goneMs + " ms (TTL " + TTL.toMillis() + " ms)");
    assertThat(report.failed()).as("calls failed: %s", report).isZero();
    assertThat(registered()).containsExactlyInAnyOrder(nodes.get(1).id(), nodes.get(2).id());
  }

  @Test
  void aRollingRestartOfAllThreeNodesUnderLoadFailsNoCall() {
    List<FaultFixture.Node> nodes = fixture.start(3);
    Load load = Load.start(vertx, client(new SelectorOptions()), RATE, MAX_IN_FLIGHT, new CallOptions());
    load.awaitCalls(300);

    for (FaultFixture.Node old : nodes) {
      old.stop(); // deregisters, answers what it holds, exits
      FaultFixture.Node replacement = fixture.start();
      Await.until("the replacement to be registered", () -> registered().contains(replacement.id()));
      load.awaitCalls(300);
    }
    Load.Report report = load.stop();

    report("rolling restart of 3", report, "");
    assertThat(report.failed()).as("calls failed: %s", report).isZero();
    Set<String> replacements = fixture.running().stream().map(FaultFixture.Node::id).collect(Collectors.toSet());
    assertThat(replacements).hasSize(3);
    assertThat(report.byNode().keySet()).as("the replacements served calls").containsAll(replacements);
  }

  @Test
  void aRegistryOutageOfThirtySecondsUnderLoadFailsNoCallAndRecoversWithoutRestarts() {
    List<FaultFixture.Node> nodes = fixture.start(3);
    Load load = Load.start(vertx, client(new SelectorOptions()), RATE, MAX_IN_FLIGHT, new CallOptions());
    load.awaitCalls(300);

    fixture.cutRegistry();
    long cutAt = System.nanoTime();
    // the outage lasts 30 s of load: the registrations lapse (TTL 5 s) while nobody can renew them
    Await.until("30 s of outage", Duration.ofSeconds(60), () -> System.nanoTime() - cutAt >= 30_000_000_000L);
    long callsDuring = load.calls();
    fixture.restoreRegistry();

    Await.until("the three nodes registered again", () -> registered().containsAll(nodes.stream().map(FaultFixture.Node::id).toList()));
    FaultFixture.Node later = fixture.start();
    Await.until("a node started after the outage to be called", () -> later.served() > 0);
    load.awaitCalls(300);
    Load.Report report = load.stop();

    report("registry outage 30 s", report, callsDuring + " calls by the end of the outage");
    assertThat(report.failed()).as("calls failed: %s", report).isZero();
    assertThat(report.byNode()).containsKey(later.id());
  }

  @Test
  void aRegistryThatComesBackEmptyHasEveryNodeAgainFromItsWatchAndNoCallFails() {
    Load.Report report = registryBackEmpty(true, "the three nodes registered again",
      (nodes, load) -> () -> registered().containsAll(ids(nodes)));
    assertThat(report.failed()).as("calls failed: %s", report).isZero();
  }

  @Test
  void withoutTheRegistrationWatchARegistryThatComesBackEmptyLosesTheServiceUntilItsNextRenewal() {
    Load.Report report = registryBackEmpty(false, "a call to fail once the cache's grace is over",
      (nodes, load) -> () -> load.failures() > 0);
    assertThat(report.failed()).as("calls failed once the cache's grace was over").isPositive();
    assertThat(registered()).as("nodes registered again without their watch").isEmpty();
  }

  /**
   * Three nodes renewing their registration once an hour, so that only their watch can bring them back, under
   * load; the registry restarted without its data; then waits for what the case expects. Reports the load over
   * the return and 600 calls after it.
   */
  private Load.Report registryBackEmpty(boolean watch, String awaited,
                                        BiFunction<List<FaultFixture.Node>, Load, BooleanSupplier> condition) {
    nodeOptions.put("register_ttl", "2h").put("register_interval", "1h").put("register_watch", watch);
    List<FaultFixture.Node> nodes = fixture.start(3);
    Load load = Load.start(vertx, client(new SelectorOptions()), RATE, MAX_IN_FLIGHT, new CallOptions());
    load.awaitCalls(300);

    fixture.cutRegistry();
    fixture.restoreRegistryEmpty();
    long backAt = System.nanoTime();
    Await.until(awaited, Duration.ofSeconds(60), condition.apply(nodes, load));
    long afterMs = (System.nanoTime() - backAt) / 1_000_000;
    long back = registered().stream().filter(ids(nodes)::contains).count();
    load.awaitCalls(600);
    Load.Report report = load.stop();

    report("registry back empty, register_watch=" + watch, report,
      String.format("%s %d ms after the return (%d of 3 nodes registered then)", awaited, afterMs, back));
    return report;
  }

  private static List<String> ids(List<FaultFixture.Node> nodes) {
    return nodes.stream().map(FaultFixture.Node::id).toList();
  }

  @Test
  void aClientStartedWhileTheRegistryIsDownCallsTheNodesItsSnapshotKnew(@TempDir Path dir) {
    List<FaultFixture.Node> nodes = fixture.start(3);
    String file = dir.resolve("registry-snapshot.json").toString();
    ClientOptions options = new ClientOptions().setRetries(3).setRequestTimeout(Duration.ofSeconds(2));
    CachingRegistry before = Registry.cached(vertx, registryClient(), new CacheOptions().setSnapshot(file));
    run(TestServices.clientOver(vertx, before, options, new SelectorOptions()), new CallOptions(), 200, RATE);
    Await.result(before.close()); // the snapshot is written as the cache closes

    fixture.cutRegistry();
    CachingRegistry restarted = Registry.cached(vertx, registryClient(), new CacheOptions().setSnapshot(file));
    Load.Report fromSnapshot = run(TestServices.clientOver(vertx, restarted, options, new SelectorOptions()),
      new CallOptions(), 600, RATE);
    CachingRegistry without = Registry.cached(vertx, registryClient(), new CacheOptions());
    Load.Report noSnapshot = run(TestServices.clientOver(vertx, without, options, new SelectorOptions()),
      new CallOptions(), 200, RATE);

    report("restarted client, registry down, snapshot", fromSnapshot, "stale by " + restarted.staleness(FaultNode.SERVICE));
    report("restarted client, registry down, no snapshot", noSnapshot, "");
    assertThat(fromSnapshot.failed()).as("calls failed: %s", fromSnapshot).isZero();
    assertThat(fromSnapshot.byNode().keySet()).as("each node known from the snapshot").containsExactlyInAnyOrderElementsOf(ids(nodes));
    assertThat(restarted.stale()).as("the service is reported stale").containsKey(FaultNode.SERVICE);
    assertThat(noSnapshot.ok()).as("without a snapshot nothing is found while the registry is down").isZero();
    Await.result(restarted.close());
    Await.result(without.close());
  }

  @Test
  void aStalledNodeLosesItsCallsWithinTheDeadlineAndP99StaysBounded() {
    List<FaultFixture.Node> nodes = fixture.start(3);
    CallOptions idempotent = new CallOptions().setIdempotent(true).setTimeout(Duration.ofSeconds(2));
    Load load = Load.start(vertx, client(new SelectorOptions().setStrategy("peak_ewma")), RATE, MAX_IN_FLIGHT, idempotent);
    load.awaitCalls(500);

    FaultFixture.Node stalled = nodes.get(0);
    stalled.stall();
    long servedAtStall = stalled.served();
    load.awaitCalls(2_000);
    long reached = stalled.served() - servedAtStall;
    Load.Report report = load.stop();

    report("1 of 3 stalled", report, reached + " of the 2000+ calls after the stall reached the stalled node");
    assertThat(report.failed()).as("calls failed: %s", report).isZero();
    assertThat(report.p99Micros()).as("p99 within the 2 s deadline").isLessThan(2_000_000);
    // peak-EWMA: 1-3 calls in earlier runs; random, where only outlier ejection keeps calls away, 166
    assertThat(reached).as("calls kept off the stalled node").isLessThan(50);
  }

  @Test
  void underAnOverloadTheRetryBudgetCapsRetriesWhereTheyWouldTripleTheLoad() {
    List<FaultFixture.Node> nodes = fixture.start(3);
    nodes.forEach(node -> node.fail(100)); // every call a 500, as an overloaded service answers
    ClientOptions twoRetries = new ClientOptions().setRetries(2).setRequestTimeout(Duration.ofSeconds(2));

    long[] unbudgeted = attempts(nodes, client(new ClientOptions(twoRetries)
      .setRetryBudget(new RetryBudgetOptions().setEnabled(false)), new SelectorOptions()));
    long[] budgeted = attempts(nodes, client(twoRetries, new SelectorOptions()));

    double without = (double) unbudgeted[1] / unbudgeted[0];
    double with = (double) budgeted[1] / budgeted[0];
    System.out.printf("reliability | retry budget under overload | without: %d calls, %d attempts (%.2f per call) |"
      + " with: %d calls, %d attempts (%.2f per call)%n", unbudgeted[0], unbudgeted[1], without, budgeted[0], budgeted[1], with);
    assertThat(without).as("without a budget each call is tried three times").isGreaterThan(2.5);
    // 20 % of the calls plus 10 retries a second over the few seconds the load runs
    assertThat(with).as("with the budget").isLessThan(1.5);
  }

  /** Runs 600 calls; returns the calls made and the attempts the nodes were handed. */
  private long[] attempts(List<FaultFixture.Node> nodes, Client client) {
    long before = served(nodes);
    Load load = Load.start(vertx, client, RATE, MAX_IN_FLIGHT, new CallOptions());
    load.awaitCalls(600);
    Load.Report report = load.stop();
    assertThat(report.ok()).as("nothing answers").isZero();
    return new long[] {report.calls(), served(nodes) - before};
  }

  @Test
  void hedgingCutsTheP99OfANodeThatStallsFivePercentOfCalls() {
    List<FaultFixture.Node> nodes = fixture.start(3);
    nodes.get(0).stall(5);
    CallOptions idempotent = new CallOptions().setIdempotent(true).setTimeout(Duration.ofSeconds(1));
    ClientOptions options = new ClientOptions().setRetries(3).setRequestTimeout(Duration.ofSeconds(1));

    // the warm-up gives the client the latencies its hedge delay is taken from; no outlier ejection, which
    // would take the stalling node out after a few timeouts and hide what hedging does
    SelectorOptions noEjection = new SelectorOptions().setEjectionFailures(0);
    Load.Report unhedged = warmedUp(client(new ClientOptions(options).setHedge(new HedgeOptions().setEnabled(false)),
      noEjection), idempotent, 1_500, RATE);
    Load.Report hedged = warmedUp(client(options, noEjection), idempotent, 1_500, RATE);

    report("1 of 3 stalls 5 % of calls, no hedging", unhedged, "");
    report("1 of 3 stalls 5 % of calls, hedged at p95", hedged, "");
    assertThat(unhedged.failed()).as("stalled calls run into their deadline without hedging").isPositive();
    assertThat(hedged.failed()).as("calls failed: %s", hedged).isZero();
    // unhedged, the stalled calls (about 1.7 % of them) put the p99 at the deadline; hedged, well under it
    assertThat(hedged.p99Micros()).as("p99 hedged (unhedged: %d µs)", unhedged.p99Micros()).isLessThan(900_000);
  }

  /** 200 calls not counted, then {@code calls} counted, with the same client. */
  private Load.Report warmedUp(Client client, CallOptions options, long calls, int rate) {
    run(client, options, 200, rate);
    return run(client, options, calls, rate);
  }

  private Load.Report run(Client client, CallOptions options, long calls, int rate) {
    Load load = Load.start(vertx, client, rate, MAX_IN_FLIGHT, options);
    load.awaitCalls(calls);
    return load.stop();
  }

  @Test
  void peakEwmaSendsLessToATenTimesSlowerNodeThanLeastRequestsAndRandom() {
    List<FaultFixture.Node> nodes = fixture.start(3);
    // 500 against 50 ms: a busy machine's stalls (tens of ms, more beside a CI build) must not make a fast node
    // look slower than the slow one to a peak-sensitive average (with 100 against 10 ms they did, once)
    nodes.get(0).slow(500);
    nodes.get(1).slow(50);
    nodes.get(2).slow(50);
    String slow = nodes.get(0).id();
    // each strategy's client reads all three from its first call on
    Await.until("the three nodes registered", () -> registered().size() == 3);

    Map<String, Double> shares = new LinkedHashMap<>();
    for (String strategy : List.of("random", "least_requests", "peak_ewma")) {
      Client client = client(new SelectorOptions().setStrategy(strategy));
      run(client, new CallOptions(), 200, RATE / 2); // what each strategy learns in the warm-up is not counted
      long began = System.nanoTime();
      Load.Report report = run(client, new CallOptions(), 600, RATE / 2);
      double seconds = (System.nanoTime() - began) / 1e9;
      double share = (double) report.byNode().getOrDefault(slow, 0L) / Math.max(1, report.ok());
      shares.put(strategy, share);
      report("1 of 3 nodes 10x slower, " + strategy, report,
        String.format("%.1f calls/s, %.1f %% of answers from the slow node", report.ok() / seconds, share * 100));
      if (strategy.equals("peak_ewma")) {
        assertThat(report.failed()).as("calls failed: %s", report).isZero();
      }
    }
    assertThat(shares.get("peak_ewma")).as("peak-EWMA's share of the slow node, against random's")
      .isLessThan(shares.get("random") / 2);
    assertThat(shares.get("peak_ewma")).as("peak-EWMA's share of the slow node, against least-requests'")
      .isLessThan(shares.get("least_requests") / 2);
  }
}
