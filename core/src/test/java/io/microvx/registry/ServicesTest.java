package io.microvx.registry;

import io.microvx.errors.MicroException;
import io.microvx.testing.Await;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.microvx.registry.WatchEvent.Action.CREATE;
import static io.microvx.registry.WatchEvent.Action.DELETE;
import static io.microvx.registry.WatchEvent.Action.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

class ServicesTest {

  private static Service greeter(String version, String... nodeIds) {
    return new Service("greeter", version, java.util.Arrays.stream(nodeIds).map(id -> new Node(id, "127.0.0.1:9")).toList());
  }

  private static List<String> nodeIds(List<Service> versions, String version) {
    return versions.stream().filter(s -> s.version().equals(version))
      .flatMap(s -> s.nodes().stream()).map(Node::id).toList();
  }

  private static String describe(WatchEvent event) {
    return event.action() + " " + event.service().version() + " " + event.service().nodes().stream().map(Node::id).toList();
  }

  @Test
  void validateRefusesAServiceWithoutNameOrANodeWithoutIdAs400() {
    assertThat(Services.validate(greeter("1.0", "a")).succeeded()).isTrue();
    MicroException noName = (MicroException) Await.failure(Services.validate(new Service(" ", "1.0", List.of())));
    assertThat(noName.code()).isEqualTo(400);
    assertThat(noName.detail()).contains("needs a name");
    MicroException noId = (MicroException) Await.failure(Services.validate(greeter("1.0", "")));
    assertThat(noId.code()).isEqualTo(400);
    assertThat(noId.detail()).contains("every node of greeter needs an id");
  }

  @Test
  void mergeAddsAndReplacesTheNodesOfACreateOrUpdateInItsVersion() {
    List<Service> versions = List.of(greeter("1.0", "a"), greeter("2.0", "b"));
    Node moved = new Node("a", "127.0.0.1:10");
    List<Service> merged = Services.merge(versions, new WatchEvent(UPDATE,
      new Service("greeter", "1.0", List.of(moved, new Node("c", "127.0.0.1:9")))));
    assertThat(nodeIds(merged, "1.0")).containsExactlyInAnyOrder("a", "c");
    assertThat(merged.get(0).nodes()).contains(moved);
    assertThat(nodeIds(merged, "2.0")).containsExactly("b");
    assertThat(Services.merge(versions, new WatchEvent(CREATE, greeter("3.0", "d"))))
      .extracting(Service::version).containsExactly("1.0", "2.0", "3.0");
  }

  @Test
  void anUpdateWithoutNodesChangesTheTemplateAndKeepsTheNodes() {
    Service described = new Service("greeter", "1.0", Map.of("owner", "team"), List.of(), List.of());
    List<Service> merged = Services.merge(List.of(greeter("1.0", "a")), new WatchEvent(UPDATE, described));
    assertThat(merged).singleElement().satisfies(s -> {
      assertThat(s.metadata()).containsEntry("owner", "team");
      assertThat(s.nodes()).extracting(Node::id).containsExactly("a");
    });
  }

  @Test
  void aDeleteRemovesItsNodesFromItsVersionOnlyAndAnEmptiedVersionGoes() {
    List<Service> versions = List.of(greeter("1.0", "a", "b"), greeter("2.0", "a"));
    List<Service> merged = Services.merge(versions, new WatchEvent(DELETE, greeter("1.0", "a")));
    assertThat(nodeIds(merged, "1.0")).containsExactly("b");
    assertThat(nodeIds(merged, "2.0")).containsExactly("a");
    assertThat(Services.merge(merged, new WatchEvent(DELETE, greeter("2.0", "a"))))
      .extracting(Service::version).containsExactly("1.0");
  }

  @Test
  void aVersionlessDeleteRemovesItsNodesFromEveryVersion() {
    Service other = new Service("other", "1.0", List.of(new Node("a", "x:1")));
    List<Service> versions = List.of(greeter("1.0", "a", "b"), greeter("2.0", "a"), other);
    List<Service> merged = Services.merge(versions, new WatchEvent(DELETE, greeter(null, "a")));
    assertThat(merged).as("version 2.0 emptied, the other service untouched")
      .containsExactly(greeter("1.0", "b"), other);
  }

  @Test
  void aDeleteNamingNoNodeLeavesTheNodesAlone() {
    List<Service> versions = List.of(greeter("1.0", "a"));
    assertThat(Services.merge(versions, new WatchEvent(DELETE, greeter("1.0")))).isEqualTo(versions);
    assertThat(Services.merge(versions, new WatchEvent(DELETE, greeter(null)))).isEqualTo(versions);
  }

  @Test
  void diffSaysPerVersionWhatWasCreatedUpdatedAndDeleted() {
    List<Service> before = List.of(greeter("1.0", "a", "b"), greeter("2.0", "c"));
    List<Service> after = List.of(greeter("1.0", "a", "d"), greeter("3.0", "e"));
    List<WatchEvent> events = Services.diff(before, after);
    assertThat(events).extracting(ServicesTest::describe)
      .containsExactly("UPDATE 1.0 [d]", "CREATE 3.0 [e]", "DELETE 1.0 [b]", "DELETE 2.0 [c]");
  }

  @Test
  void diffSendsAnUpdateWithoutNodesWhenOnlyTheTemplateChanged() {
    Service described = new Service("greeter", "1.0", Map.of("owner", "team"), List.of(), greeter("1.0", "a").nodes());
    List<WatchEvent> events = Services.diff(List.of(greeter("1.0", "a")), List.of(described));
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo(UPDATE);
      assertThat(e.service().metadata()).containsEntry("owner", "team");
      assertThat(e.service().nodes()).isEmpty();
    });
  }

  /** Over many generated snapshot pairs: folding diff(a, b) into a gives b, and diff(a, a) is empty. */
  @Test
  void foldingTheDiffIntoTheFirstSnapshotGivesTheSecond() {
    Random random = new Random(20_240_611L);
    for (int round = 0; round < 2_000; round++) {
      List<Service> a = snapshot(random);
      List<Service> b = random.nextInt(4) == 0 ? mutate(a, random) : snapshot(random);
      List<Service> folded = a;
      for (WatchEvent event : Services.diff(a, b)) {
        folded = Services.merge(folded, event);
      }
      assertThat(canonical(folded)).as("round %d: %s -> %s", round, a, b).isEqualTo(canonical(b));
      assertThat(Services.diff(a, a)).as("round %d", round).isEmpty();
    }
  }

  private static final String[] NAMES = {"greeter", "go.micro.srv/billing:v1"};
  private static final String[] VERSIONS = {"", "1.0", "2.0"};

  /** Up to two names with up to three versions each, every version with one to four nodes of six. */
  private static List<Service> snapshot(Random random) {
    List<Service> services = new ArrayList<>();
    for (String name : NAMES) {
      for (String version : VERSIONS) {
        if (random.nextBoolean()) {
          continue;
        }
        Set<String> ids = new HashSet<>();
        int count = 1 + random.nextInt(4);
        while (ids.size() < count) {
          ids.add("n" + random.nextInt(6));
        }
        List<Node> nodes = ids.stream().map(id -> node(id, random)).toList();
        services.add(new Service(name, version, metadata(random), List.of(), nodes));
      }
    }
    return services;
  }

  /** The snapshot with one node readdressed, or one version's metadata changed. */
  private static List<Service> mutate(List<Service> snapshot, Random random) {
    if (snapshot.isEmpty()) {
      return snapshot;
    }
    List<Service> changed = new ArrayList<>(snapshot);
    int i = random.nextInt(changed.size());
    Service service = changed.get(i);
    if (random.nextBoolean()) {
      List<Node> nodes = new ArrayList<>(service.nodes());
      nodes.set(0, new Node(nodes.get(0).id(), "10.0.0.1:" + (1 + random.nextInt(1000))));
      changed.set(i, service.withNodes(nodes));
    } else {
      changed.set(i, new Service(service.name(), service.version(), Map.of("k", "changed"), List.of(), service.nodes()));
    }
    return changed;
  }

  private static Node node(String id, Random random) {
    Map<String, String> metadata = random.nextBoolean() ? Map.of() : Map.of("zone", "z" + random.nextInt(2));
    return new Node(id, "127.0.0.1:" + (1 + random.nextInt(3)), metadata);
  }

  private static Map<String, String> metadata(Random random) {
    return random.nextInt(3) == 0 ? Map.of("k", "v" + random.nextInt(2)) : Map.of();
  }

  /** Name and version to the template and the set of nodes, order set aside. */
  private static Map<String, Object> canonical(List<Service> snapshot) {
    Map<String, Object> canonical = new HashMap<>();
    for (Service service : snapshot) {
      canonical.put(service.name() + "@" + service.version(),
        List.of(service.metadata(), service.endpoints(), new HashSet<>(service.nodes())));
    }
    return canonical;
  }
}
