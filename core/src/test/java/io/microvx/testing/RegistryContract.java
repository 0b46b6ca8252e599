package io.microvx.testing;

import io.microvx.errors.MicroException;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.Value;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static io.microvx.registry.WatchEvent.Action.CREATE;
import static io.microvx.registry.WatchEvent.Action.DELETE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every registry must do, run by each implementation's test: memory in core, the proxy registry in
 * the proxy module, and every registry plugin in its own. A test extends this class, says how to make a
 * registry ({@link #newRegistry()}) and overrides the capability hooks that differ from the defaults;
 * a case needing a capability the registry lacks is skipped, saying which.
 *
 * <p>Each case uses service names of its own, so a backend kept between cases (a real etcd) is fine;
 * what a case registered is deregistered after it.
 */
public abstract class RegistryContract {

  protected Vertx vertx;
  private final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private final List<Registry> made = new ArrayList<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private final List<CachingRegistry> caches = new ArrayList<>();
  private final List<Service> registered = new ArrayList<>();
  private boolean down;

  /** Takes a registry's backend away and brings it back, for the outage cases. */
  public interface Backend {
    /** Makes the backend unreachable for every registry made: calls fail, running watches break. */
    void takeDown();

    /** Makes it reachable again, holding what it held before. */
    void bringBack();

    /** Makes it reachable again holding nothing, as a registry server restarted without its data would. */
    default void bringBackEmpty() {
      throw new UnsupportedOperationException(getClass().getName() + " cannot come back empty");
    }
  }

  /**
   * A registry as a separate process would have one, against the same backend as every other one this
   * case makes, in {@link #vertx}. The contract closes it after the case.
   */
  protected abstract Registry newRegistry();

  /** The shortest TTL worth testing (the backend's granularity), or empty when the registry has no TTLs. */
  protected Optional<Duration> ttlGranularity() {
    return Optional.of(Duration.ofSeconds(1));
  }

  /** Whether nodes of other hosts can be registered; a Kubernetes registry only registers its own pod. */
  protected boolean canRegisterOtherHosts() {
    return true;
  }

  /** The host of the contract's nodes (but for {@code nodesOfOtherHostsRoundTrip}): one this machine may register. */
  protected String ownHost() {
    return "127.0.0.1";
  }

  /** Whether a service's own metadata is kept, besides its nodes'; Consul's registry does not keep it. */
  protected boolean keepsServiceMetadata() {
    return true;
  }

  /** How to take the backend down and back, or empty when the test cannot: the outage cases then skip. */
  protected Optional<Backend> backend() {
    return Optional.empty();
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void cleanUp() {
    if (down) {
      bringBack(backend().orElseThrow());
    }
    List<Future<?>> done = new ArrayList<>();
    caches.forEach(cache -> done.add(cache.close()));
    watchers.forEach(watcher -> done.add(watcher.stop()));
    if (!made.isEmpty()) {
      registered.forEach(service -> done.add(made.get(0).deregister(service)));
    }
    // what the case left behind is tidied up as far as the backend lets: a failure here is not the case's
    Future<?> closed = Future.join(done).eventually(() -> Future.join(made.stream().map(Registry::close).toList()));
    Await.result(closed.otherwiseEmpty());
    Await.result(vertx.close());
  }

  // ---- the model

  @Test
  void theServiceModelRoundTrips() {
    Endpoint call = new Endpoint("Greeter.Hello",
      new Value("Request", "Request", List.of(new Value("name", "string"), new Value("tags", "[]string"),
        new Value("address", "Address", List.of(new Value("city", "string"), new Value("zip", "int64"))))),
      new Value("Response", "Response", List.of(new Value("greeting", "string"))),
      Map.of("stream", "true"));
    Endpoint subscriber = new Endpoint("Greeter.Notify", new Value("Event", "Event", List.of(new Value("id", "string"))),
      null, Map.of("subscriber", "true", "topic", "greeted"));
    Service greeter = new Service(name("api/go.micro.srv.greeter:v1"), "1.0.0-rc.1+build.5", Map.of(),
      List.of(call, subscriber),
      List.of(node("greeter-1", Map.of("transport", "http", "protocol", "mucp")), node("greeter-2", Map.of())));
    Registry registry = registry();
    register(registry, greeter);

    List<Service> found = awaitNodes(registry, greeter.name(), 2);
    assertThat(found).singleElement().satisfies(service -> {
      assertThat(service.name()).isEqualTo(greeter.name());
      assertThat(service.version()).isEqualTo(greeter.version());
      assertThat(service.endpoints()).containsExactlyInAnyOrderElementsOf(greeter.endpoints());
      assertThat(service.nodes()).containsExactlyInAnyOrderElementsOf(greeter.nodes());
    });
  }

  @Test
  void serviceMetadataRoundTrips() {
    Assumptions.assumeTrue(keepsServiceMetadata(), "the registry does not keep a service's own metadata");
    Service described = new Service(name("described"), "1.0", Map.of("owner", "team-a", "region", "eu:west/1"),
      List.of(), List.of(node("described-1", Map.of())));
    Registry registry = registry();
    register(registry, described);
    assertThat(awaitNodes(registry, described.name(), 1)).singleElement()
      .extracting(Service::metadata).isEqualTo(described.metadata());
  }

  @Test
  void nodesOfOtherHostsRoundTrip() {
    Assumptions.assumeTrue(canRegisterOtherHosts(), "the registry registers nodes of its own host only");
    Service remote = new Service(name("remote"), "1.0", List.of(
      new Node("remote-1", "10.1.2.3:8080"), new Node("remote-2", "[fd00::1]:8080"),
      new Node("remote-3", "db.internal:5432")));
    Registry registry = registry();
    register(registry, remote);
    assertThat(awaitNodes(registry, remote.name(), 3)).flatExtracting(Service::nodes)
      .containsExactlyInAnyOrderElementsOf(remote.nodes());
  }

  @Test
  void versionsOfOneNameComeBackAsSeparateEntries() {
    String name = name("versioned");
    Registry registry = registry();
    register(registry, service(name, "1.0", "v1-a"));
    register(registry, service(name, "2.0", "v2-a", "v2-b"));

    List<Service> found = awaitNodes(registry, name, 3);
    assertThat(found).extracting(Service::version).containsExactlyInAnyOrder("1.0", "2.0");
    assertThat(ids(found, "1.0")).containsExactly("v1-a");
    assertThat(ids(found, "2.0")).containsExactlyInAnyOrder("v2-a", "v2-b");
    assertThat(Await.result(registry.listServices())).filteredOn(s -> s.name().equals(name))
      .extracting(Service::version).containsExactlyInAnyOrder("1.0", "2.0");
  }

  @Test
  void twoRegistriesSeeEachOthersNodes() {
    String name = name("shared");
    Registry mine = registry();
    Registry theirs = registry();
    register(mine, service(name, "1.0", "mine-1"));
    register(theirs, service(name, "1.0", "theirs-1"));
    awaitNodes(mine, name, 2);
    awaitNodes(theirs, name, 2);

    deregister(theirs, service(name, "1.0", "theirs-1"));
    Await.until("their node to leave my view",
      () -> ids(Await.result(mine.getService(name)), "1.0").equals(Set.of("mine-1")));
  }

  @Test
  void anUnknownServiceIsAnEmptyList() {
    assertThat(Await.result(registry().getService(name("nobody")))).isEmpty();
  }

  @Test
  void aServiceWithoutNameOrANodeWithoutIdIsRefusedAsABadRequest() {
    Registry registry = registry();
    assertThat(Await.failure(registry.register(new Service("", "1.0", List.of(node("nameless-1", Map.of()))))))
      .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
    Service idless = new Service(name("idless"), "1.0", List.of(new Node("", Node.address(ownHost(), 10_000))));
    assertThat(Await.failure(registry.register(idless)))
      .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThat(Await.result(registry.getService(idless.name()))).as("nothing registered").isEmpty();
  }

  @Test
  void deregisteringRemovesOnlyTheNamedNodes() {
    String name = name("leaving");
    Registry registry = registry();
    register(registry, service(name, "1.0", "a", "b", "c"));
    register(registry, service(name, "2.0", "d"));
    awaitNodes(registry, name, 4);

    deregister(registry, service(name, "1.0", "b"));
    List<Service> left = awaitNodes(registry, name, 3);
    assertThat(ids(left, "1.0")).containsExactlyInAnyOrder("a", "c");
    assertThat(ids(left, "2.0")).containsExactly("d");

    deregister(registry, service(name, "1.0", "a", "c"));
    assertThat(awaitNodes(registry, name, 1)).extracting(Service::version).as("1.0 went with its last node")
      .containsExactly("2.0");
  }

  // ---- watching

  @Test
  void watchEventsArriveInOrderOnTheWatchersContextFilteredByService() {
    String name = name("watched");
    String unwatched = name("unwatched");
    RecordedWatch recorded = watch(registry(), new WatchOptions().setService(name));
    Registry other = registry(); // the changes come from another process
    register(other, service(name, "1.0", "a"));
    register(other, service(unwatched, "1.0", "x"));
    register(other, service(name, "1.0", "b"));
    deregister(other, service(name, "1.0", "a"));
    register(other, service(unwatched, "1.0", "y"));
    deregister(other, service(name, "1.0", "b"));

    Await.until("four events of " + name, () -> recorded.events.size() >= 4);
    assertThat(recorded.described()).as("only the watched service, in order, each with the nodes concerned only")
      .containsExactly(name + " upsert [a]", name + " upsert [b]", name + " delete [a]", name + " delete [b]");
    assertThat(recorded.events.get(0).action()).as("a version new to the registry").isEqualTo(CREATE);
    assertThat(recorded.contexts).as("delivered on the context that called watch").allMatch(c -> c == recorded.context);
  }

  @Test
  void watchCompletesOnlyOnceTheWatchRuns() {
    String name = name("prompt");
    Registry watching = registry();
    Registry other = registry();
    // a watch reporting itself running too early misses a change made at once: tried a few times over
    for (int round = 0; round < 10; round++) {
      RecordedWatch recorded = watch(watching, new WatchOptions().setService(name));
      String id = "round-" + round;
      register(other, service(name, "1.0", id));
      Await.until("the change made right after watch() completed (" + id + ")", () -> recorded.sawNode(id));
      Await.result(recorded.watcher.stop());
    }
  }

  @Test
  void reRegisteringUnchangedSendsNoEvent() {
    String name = name("renewed");
    Registry registry = registry();
    RecordedWatch recorded = watch(registry, new WatchOptions().setService(name));
    // as a service renews its registration; with a TTL long enough not to lapse during the case
    RegisterOptions renewal = new RegisterOptions().setTtl(ttlGranularity().isPresent() ? Duration.ofMinutes(5) : Duration.ZERO);
    register(registry, service(name, "1.0", "a"), renewal);
    Await.until("the first registration's event", () -> !recorded.events.isEmpty());
    register(registry, service(name, "1.0", "a"), renewal);
    register(registry, service(name, "1.0", "a"), renewal);
    // events come in order: once the marker's is in, any event of the renewals would be in before it
    register(registry, service(name, "1.0", "marker"));
    Await.until("the marker's event", () -> recorded.sawNode("marker"));
    assertThat(recorded.described()).containsExactly(name + " upsert [a]", name + " upsert [marker]");
  }

  @Test
  void anExpiredTtlSendsADeleteCarryingTheNode() {
    Duration ttl = ttlGranularity().orElse(null);
    Assumptions.assumeTrue(ttl != null, "the registry has no TTLs (ttlGranularity() is empty)");
    String name = name("lapsing");
    Registry registry = registry();
    RecordedWatch recorded = watch(registry, new WatchOptions().setService(name));
    register(registry, service(name, "1.0", "short"), new RegisterOptions().setTtl(ttl));
    register(registry, service(name, "1.0", "forever"));

    Duration bound = Await.DEFAULT.plus(ttl.multipliedBy(10));
    Await.until("the lapsed node's delete", bound, () -> recorded.described().contains(name + " delete [short]"));
    WatchEvent delete = recorded.events.stream().filter(e -> e.action() == DELETE).findFirst().orElseThrow();
    assertThat(delete.service().nodes()).singleElement().isEqualTo(node("short", Map.of()));
    assertThat(ids(Await.result(registry.getService(name)), "1.0")).containsExactly("forever");
  }

  // ---- outages

  @Test
  void anOutageIsAFailureNotAnEmptyList() {
    Backend backend = requireBackend();
    String name = name("unreachable");
    Registry registry = registry();
    register(registry, service(name, "1.0", "a"));
    awaitNodes(registry, name, 1);

    takeDown(backend);
    // each a failure, never an empty answer
    Await.failure(registry.getService(name));
    Await.failure(registry.getService(name("nobody")));
    Await.failure(registry.listServices());
  }

  @Test
  void aRunningWatchFailsWhenTheBackendGoes() {
    Backend backend = requireBackend();
    RecordedWatch recorded = watch(registry(), new WatchOptions());
    takeDown(backend);
    Await.until("the watch to end", () -> recorded.watcher.closed().isComplete());
    assertThat(recorded.watcher.closed().failed()).as("ended by a failure, not stopped").isTrue();
  }

  @Test
  void theCacheServesTheLastNodesThroughAnOutageAndCatchesUpAfter() {
    Backend backend = requireBackend();
    String name = name("cached");
    register(registry(), service(name, "1.0", "a", "b"));
    CachingRegistry cache = Registry.cached(vertx, registry(),
      new CacheOptions().setRetryMin(Duration.ofMillis(50)).setRetryMax(Duration.ofMillis(200)));
    caches.add(cache);
    awaitNodes(cache, name, 2);
    Await.until("the cache to watch", cache::isWatching);

    takeDown(backend);
    Await.until("the cache to notice the outage", () -> !cache.isWatching());
    for (int i = 0; i < 10; i++) {
      assertThat(ids(Await.result(cache.getService(name)), "1.0")).as("served through the outage")
        .containsExactlyInAnyOrder("a", "b");
    }
    Await.failure(cache.getService(name("never-read"))); // what it never read it cannot report empty

    bringBack(backend);
    Registry later = registry();
    deregister(later, service(name, "1.0", "a"));
    register(later, service(name, "1.0", "c"));
    Await.until("the cache to catch up", () -> ids(cache.peek(name), "1.0").equals(Set.of("b", "c")));
  }

  // ---- helpers

  /** A service name of this case's own: several cases (and runs) may share one backend. */
  protected final String name(String base) {
    return prefix + base;
  }

  /** A node of {@link #ownHost()}, its port derived from its id. */
  protected final Node node(String id, Map<String, String> metadata) {
    return new Node(id, Node.address(ownHost(), 10_000 + Math.floorMod(id.hashCode(), 50_000)), metadata);
  }

  protected final Service service(String name, String version, String... nodeIds) {
    return new Service(name, version, java.util.Arrays.stream(nodeIds).map(id -> node(id, Map.of())).toList());
  }

  /** A new registry from {@link #newRegistry()}, closed after the case. */
  protected final Registry registry() {
    Registry registry = newRegistry();
    made.add(registry);
    return registry;
  }

  private void register(Registry registry, Service service) {
    register(registry, service, new RegisterOptions());
  }

  private void register(Registry registry, Service service, RegisterOptions options) {
    Await.result(registry.register(service, options));
    registered.add(service);
  }

  private void deregister(Registry registry, Service service) {
    Await.result(registry.deregister(service));
  }

  private Backend requireBackend() {
    Optional<Backend> backend = backend();
    Assumptions.assumeTrue(backend.isPresent(), "the test cannot take the registry's backend down (backend() is empty)");
    return backend.get();
  }

  private void takeDown(Backend backend) {
    down = true;
    backend.takeDown();
  }

  private void bringBack(Backend backend) {
    backend.bringBack();
    down = false;
  }

  /** The versions once they hold that many nodes in all (a backend may take a moment to show a change). */
  private static List<Service> awaitNodes(Registry registry, String name, int count) {
    AtomicReference<List<Service>> last = new AtomicReference<>();
    Await.until(count + " node(s) of " + name, () -> {
      last.set(Await.result(registry.getService(name)));
      return last.get().stream().mapToInt(s -> s.nodes().size()).sum() == count;
    });
    return last.get();
  }

  private static Set<String> ids(List<Service> versions, String version) {
    return versions == null ? Set.of() : versions.stream().filter(s -> version.equals(s.version()))
      .flatMap(s -> s.nodes().stream()).map(Node::id).collect(Collectors.toSet());
  }

  /** Starts a watch from a context of its own, stopped after the case. */
  private RecordedWatch watch(Registry registry, WatchOptions options) {
    RecordedWatch recorded = new RecordedWatch(vertx, registry, options);
    watchers.add(recorded.watcher);
    return recorded;
  }
}
