package io.microvx.registry;

import io.microvx.testing.Await;
import io.microvx.testing.FlakyRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryMirrorTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry memory = Registry.memory(vertx);
  private final FlakyRegistry backend = new FlakyRegistry(memory);
  private final RegistryMirror mirror = RegistryMirror.of(vertx, backend);

  @AfterEach
  void close() {
    Await.result(mirror.close());
    Await.result(memory.close());
    Await.result(vertx.close());
  }

  private static Service service(String name, String... nodeIds) {
    return new Service(name, "1.0", java.util.Arrays.stream(nodeIds).map(id -> new Node(id, "127.0.0.1:9")).toList());
  }

  @Test
  void holdsWhatWasThereAndFollowsChanges() {
    Await.result(memory.register(service("billing", "b-1")));
    Await.result(mirror.start());
    assertThat(mirror.services()).containsOnlyKeys("billing");
    assertThat(mirror.registryName()).isEqualTo("memory");

    List<String> changed = new CopyOnWriteArrayList<>();
    mirror.onChange(changed::add);
    long before = mirror.revision("greeter");
    Await.result(memory.register(service("greeter", "g-1")));
    Await.until("greeter to appear", () -> !mirror.service("greeter").isEmpty());
    assertThat(mirror.revision("greeter")).isGreaterThan(before);
    Await.until("listeners to hear of it", () -> changed.contains("greeter"));

    Await.result(memory.deregister(service("greeter", "g-1")));
    Await.until("greeter to go with its last node", () -> !mirror.services().containsKey("greeter"));
    assertThat(mirror.service("greeter")).isEmpty();
  }

  @Test
  void servicesIsALiveViewNotACopyPerChange() {
    Await.result(mirror.start());
    java.util.Map<String, List<Service>> services = mirror.services();
    Await.result(memory.register(service("greeter", "g-1")));
    Await.until("the view taken before the change to show it", () -> services.containsKey("greeter"));
  }

  @Test
  void aBrokenWatchIsReestablishedAndWhatChangedMeanwhileIsSeen() {
    Await.result(memory.register(service("billing", "b-1")));
    Await.result(mirror.start());
    backend.down();
    Await.result(memory.deregister(service("billing", "b-1")));
    Await.result(memory.register(service("greeter", "g-1")));
    backend.up();
    Await.until("the mirror to re-list after the registry came back",
      () -> mirror.services().containsKey("greeter") && !mirror.services().containsKey("billing"));
  }
}
