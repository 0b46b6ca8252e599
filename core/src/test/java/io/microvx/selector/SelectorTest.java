package io.microvx.selector;

import io.microvx.errors.MicroException;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.transport.TransportException;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SelectorTest {

  private static final TransportException REFUSED = new TransportException("connection refused", 500, null);

  private final Vertx vertx = Vertx.vertx();
  private final Registry memory = Registry.memory(vertx);
  private final CachingRegistry cache = Registry.cached(vertx, memory, new CacheOptions());

  @AfterEach
  void close() {
    Await.result(cache.close());
    Await.result(memory.close());
    Await.result(vertx.close());
  }

  private List<Node> register(String version, int count) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(new Node("greeter-" + version + "-" + i, "127.0.0.1:" + (20000 + nodes.size()), Map.of("zone", i % 2 == 0 ? "a" : "b")));
    }
    Await.result(memory.register(new Service("greeter", version, Map.of(),
      List.of(new Endpoint("Say.Hello", null, null, Map.of())), nodes)));
    return nodes;
  }

  private Selector selector(Strategy strategy, SelectorOptions options) {
    return Selector.create(cache, options, strategy);
  }

  private static Selection pick(Selector selector, SelectOptions options) {
    return Await.result(selector.select("greeter", options));
  }

  private static String pickId(Selector selector) {
    Selection selection = pick(selector, SelectOptions.NONE);
    selection.done(null);
    return selection.node().id();
  }

  @Test
  void roundRobinVisitsEachNodeInTurn() {
    List<Node> nodes = register("1", 5);
    Selector selector = selector(Strategy.ROUND_ROBIN, new SelectorOptions());
    List<String> order = nodes.stream().map(Node::id).toList();
    int previous = order.indexOf(pickId(selector));
    for (int i = 0; i < 23; i++) {
      int next = order.indexOf(pickId(selector));
      assertThat(next).isEqualTo((previous + 1) % nodes.size());
      previous = next;
    }
  }

  @Test
  void randomSpreadsEvenly() {
    register("1", 3);
    Selector selector = selector(Strategy.RANDOM, new SelectorOptions());
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 30_000; i++) {
      counts.merge(pickId(selector), 1, Integer::sum);
    }
    // 10 000 expected each; the standard deviation is about 82
    assertThat(counts).hasSize(3);
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(9_500, 10_500));
  }

  @Test
  void hashedKeepsAKeyOnItsNodeAndMovesOnlyTheKeysOfANodeThatLeaves() {
    List<Node> nodes = register("1", 5);
    Selector selector = selector(Strategy.HASHED, new SelectorOptions());
    Map<String, String> placement = new HashMap<>();
    for (int k = 0; k < 500; k++) {
      String key = "user-" + k;
      String first = pick(selector, new SelectOptions(List.of(), key, Set.of())).node().id();
      for (int again = 0; again < 3; again++) {
        assertThat(pick(selector, new SelectOptions(List.of(), key, Set.of())).node().id()).isEqualTo(first);
      }
      placement.put(key, first);
    }
    assertThat(new HashSet<>(placement.values())).as("keys spread over every node").hasSize(5);

    Node leaving = nodes.get(2);
    Await.result(memory.deregister(new Service("greeter", "1", List.of(leaving))));
    Await.until("the cache to drop the node", () -> cache.peek("greeter").get(0).nodes().size() == 4);
    placement.forEach((key, before) -> {
      String after = pick(selector, new SelectOptions(List.of(), key, Set.of())).node().id();
      if (!before.equals(leaving.id())) {
        assertThat(after).as("key %s stays put", key).isEqualTo(before);
      } else {
        assertThat(after).isNotEqualTo(leaving.id());
      }
    });
  }

  @Test
  void leastRequestsPrefersTheIdleNode() {
    register("1", 3);
    Selector selector = selector(Strategy.LEAST_REQUESTS, new SelectorOptions());
    // load two nodes with calls that have not finished
    List<Selection> busy = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      busy.add(pick(selector, SelectOptions.NONE));
    }
    Set<String> loaded = new HashSet<>();
    busy.forEach(s -> loaded.add(s.node().id()));
    assertThat(loaded).hasSize(2);
    for (int i = 0; i < 10; i++) {
      Selection next = pick(selector, SelectOptions.NONE);
      assertThat(loaded).doesNotContain(next.node().id());
      next.done(null);
    }
  }

  @Test
  void powerOfTwoChoicesNeverPicksTheBusiestOfThree() {
    register("1", 3);
    Selector selector = selector(Strategy.POWER_OF_TWO_CHOICES, new SelectorOptions());
    Selection first = pick(selector, SelectOptions.NONE);
    String busiest = first.node().id();
    for (int i = 0; i < 9; i++) {
      // pile more calls onto the same node through a filter
      pick(selector, new SelectOptions(List.of(onlyNode(busiest)), null, Set.of()));
    }
    for (int i = 0; i < 300; i++) {
      assertThat(pickId(selector)).isNotEqualTo(busiest);
    }
    assertThat(selector.status("greeter")).filteredOn(s -> s.id().equals(busiest))
      .extracting(NodeStatus::inflight).containsExactly(10L);
  }

  private static Filter onlyNode(String id) {
    return services -> services.stream().map(s -> s.withNodes(s.nodes().stream().filter(n -> n.id().equals(id)).toList())).toList();
  }

  @Test
  void consecutiveFailuresEjectANodeWhichIsReadmittedAfterTheEjectionTime() {
    register("1", 3);
    SelectorOptions options = new SelectorOptions().setEjectionFailures(3).setEjectionTime(Duration.ofMillis(300));
    Selector selector = selector(Strategy.ROUND_ROBIN, options);
    String failing = failUntilEjected(selector, 3);

    assertThat(status(selector, failing).ejected()).isTrue();
    for (int i = 0; i < 60; i++) {
      assertThat(pickId(selector)).isNotEqualTo(failing);
    }
    Await.until("the node to be readmitted", () -> !status(selector, failing).ejected());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      seen.add(pickId(selector));
    }
    assertThat(seen).contains(failing);

    // ejected a second time, it stays out twice as long
    failUntilEjected(selector, 3, failing);
    assertThat(status(selector, failing).ejections()).isEqualTo(2);
    long ejectedAt = System.nanoTime();
    Await.until("the second ejection to end", () -> !status(selector, failing).ejected());
    // 600 ms this time; well past a single 300 ms ejection even if this thread was slow to start counting
    assertThat(Duration.ofNanos(System.nanoTime() - ejectedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
  }

  /** Reports failures for one node (the first picked) until the selector ejects it. */
  private String failUntilEjected(Selector selector, int failures) {
    return failUntilEjected(selector, failures, pick(selector, SelectOptions.NONE).node().id());
  }

  private String failUntilEjected(Selector selector, int failures, String id) {
    for (int i = 0; i < failures; i++) {
      pick(selector, new SelectOptions(List.of(onlyNode(id)), null, Set.of())).done(REFUSED);
    }
    return id;
  }

  private static NodeStatus status(Selector selector, String id) {
    return selector.status("greeter").stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theStatusSaysHowLongAnEjectionLastsAndWhatTheLastFailureWas() {
    register("1", 3);
    Selector selector = selector(Strategy.ROUND_ROBIN,
      new SelectorOptions().setEjectionFailures(2).setEjectionTime(Duration.ofMinutes(10)));
    String failing = failUntilEjected(selector, 2);

    NodeStatus ejected = status(selector, failing);
    assertThat(ejected.ejectedForMillis()).isBetween(1L, Duration.ofMinutes(10).toMillis());
    assertThat(ejected.lastFault()).isEqualTo("500");
    NodeStatus healthy = selector.status("greeter").stream().filter(s -> !s.id().equals(failing)).findFirst().orElseThrow();
    assertThat(healthy.ejectedForMillis()).isZero();
    assertThat(healthy.lastFault()).isNull();
  }

  @Test
  void noMoreThanTheCappedShareOfNodesIsEjected() {
    List<Node> nodes = register("1", 4);
    Selector selector = selector(Strategy.RANDOM, new SelectorOptions().setEjectionFailures(2).setEjectionMaxPercent(50));
    for (Node node : nodes) {
      failUntilEjected(selector, 2, node.id());
    }
    assertThat(selector.status("greeter")).filteredOn(NodeStatus::ejected).hasSize(2);
  }

  @Test
  void theOnlyNodeIsNeverEjected() {
    register("1", 1);
    Selector selector = selector(Strategy.RANDOM, new SelectorOptions().setEjectionFailures(1));
    String only = failUntilEjected(selector, 5);
    assertThat(status(selector, only).ejected()).isFalse();
    assertThat(pickId(selector)).isEqualTo(only);
  }

  @Test
  void successResetsTheFailureStreak() {
    register("1", 2);
    Selector selector = selector(Strategy.RANDOM, new SelectorOptions().setEjectionFailures(3));
    String id = pick(selector, SelectOptions.NONE).node().id();
    SelectOptions only = new SelectOptions(List.of(onlyNode(id)), null, Set.of());
    for (int round = 0; round < 5; round++) {
      pick(selector, only).done(REFUSED);
      pick(selector, only).done(REFUSED);
      pick(selector, only).done(null);
    }
    assertThat(status(selector, id).ejected()).isFalse();
    assertThat(status(selector, id).consecutiveFailures()).isZero();
  }

  @Test
  void filtersNarrowByVersionLabelAndEndpoint() {
    register("1", 2);
    List<Node> v2 = register("2", 4);
    Selector selector = selector(Strategy.RANDOM, new SelectorOptions());
    for (int i = 0; i < 50; i++) {
      assertThat(pick(selector, new SelectOptions(List.of(Filter.version("2")), null, Set.of())).node().id())
        .startsWith("greeter-2-");
      assertThat(pick(selector, new SelectOptions(List.of(Filter.version("2"), Filter.label("zone", "b")), null, Set.of()))
        .node()).isIn(v2.get(1), v2.get(3));
      assertThat(pick(selector, new SelectOptions(List.of(Filter.endpoint("Say.Hello")), null, Set.of())).node()).isNotNull();
    }
    Throwable none = Await.failure(selector.select("greeter", new SelectOptions(List.of(Filter.endpoint("Say.Nothing")), null, Set.of())));
    assertThat(((MicroException) none).code()).isEqualTo(503);
  }

  @Test
  void excludedNodesAreAvoidedWhileOthersRemain() {
    List<Node> nodes = register("1", 3);
    Selector selector = selector(Strategy.RANDOM, new SelectorOptions());
    Set<String> tried = Set.of(nodes.get(0).id(), nodes.get(1).id());
    for (int i = 0; i < 50; i++) {
      assertThat(pick(selector, new SelectOptions(List.of(), null, tried)).node()).isEqualTo(nodes.get(2));
    }
    Set<String> all = Set.of(nodes.get(0).id(), nodes.get(1).id(), nodes.get(2).id());
    assertThat(pick(selector, new SelectOptions(List.of(), null, all)).node()).isIn(nodes);
  }

  @Test
  void anUnknownServiceIs404() {
    Selector selector = selector(Strategy.RANDOM, new SelectorOptions());
    Throwable failure = Await.failure(selector.select("nobody", SelectOptions.NONE));
    assertThat(failure).isInstanceOf(MicroException.class);
    assertThat(((MicroException) failure).code()).isEqualTo(404);
    assertThat(((MicroException) failure).detail()).isEqualTo("service nobody: not found");
  }

  @Test
  void strategiesAreFoundByName() {
    assertThat(Strategy.byName("roundrobin")).isSameAs(Strategy.ROUND_ROBIN);
    assertThat(Strategy.byName("P2C")).isSameAs(Strategy.POWER_OF_TWO_CHOICES);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Strategy.byName("fastest"))
      .hasMessageContaining("unknown selector strategy \"fastest\"");
  }
}
