package io.microvx.registry;

import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.FlakyRegistry;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry cache's last known good snapshot: written by one cache, answering for the next. */
class RegistrySnapshotTest {

  private static final long SAVED_AT = 1_800_000_000_000L;

  private final Vertx vertx = Vertx.vertx();
  private final Registry memory = Registry.memory(vertx);
  private final FlakyRegistry backend = new FlakyRegistry(memory);

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    Await.result(memory.close());
    Await.result(vertx.close());
  }

  private static Clock at(long epochMillis) {
    return Clock.fixed(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  private static CacheOptions options(Path file, Clock clock) {
    CacheOptions options = new CacheOptions()
      .setRetryMin(Duration.ofMillis(20))
      .setRetryMax(Duration.ofMillis(100))
      .setClock(clock);
    return file == null ? options : options.setSnapshot(file.toString());
  }

  private static Service greeter(String... nodeIds) {
    return new Service("greeter", "1.0", Arrays.stream(nodeIds).map(id -> new Node(id, "127.0.0.1:9")).toList());
  }

  private static List<String> nodeIds(List<Service> versions) {
    return versions == null ? List.of() : versions.stream().flatMap(s -> s.nodes().stream()).map(Node::id).toList();
  }

  /** A first cache, on a registry that is up, looks greeter up and stops: the file holds what it knew. */
  private void saveGreeterThroughAFirstCache(Path file, long savedAt) {
    Await.result(memory.register(greeter("a", "b")));
    CachingRegistry first = Registry.cached(vertx, backend, options(file, at(savedAt)));
    assertThat(nodeIds(Await.result(first.getService("greeter")))).containsExactlyInAnyOrder("a", "b");
    Await.result(first.close()); // writes what is pending
    Await.result(memory.deregister(greeter("a", "b")));
  }

  @Test
  void aCacheStartedWhileTheRegistryIsDownAnswersFromTheSnapshotAndReportsItsAge() throws Exception {
    Path file = dir.resolve("registry.json");
    saveGreeterThroughAFirstCache(file, SAVED_AT);
    assertThat(file).exists();
    assertThat(new JsonObject(Files.readString(file)).getJsonObject("services").fieldNames()).containsExactly("greeter");

    backend.down();
    CachingRegistry restarted = Registry.cached(vertx, backend, options(file, at(SAVED_AT + 90_000)));
    assertThat(nodeIds(Await.result(restarted.getService("greeter")))).containsExactlyInAnyOrder("a", "b");
    assertThat(nodeIds(restarted.peek("greeter"))).as("per-call lookups find it too").containsExactlyInAnyOrder("a", "b");
    assertThat(restarted.staleness("greeter")).isEqualTo(Duration.ofSeconds(90));
    assertThat(restarted.stale()).isEqualTo(Map.of("greeter", 90_000L));
    assertThat(Await.failure(restarted.getService("billing"))).as("a service the file never knew")
      .hasMessageContaining("unreachable");

    // the registry comes back: its answer replaces the snapshot's, which is no longer stale
    Await.result(memory.register(greeter("c")));
    backend.up();
    Await.until("the registry's nodes", () -> nodeIds(restarted.peek("greeter")).equals(List.of("c")));
    Await.until("no longer stale", () -> restarted.staleness("greeter") == null);
    assertThat(restarted.stale()).isEmpty();
    Await.result(restarted.close());
  }

  @Test
  void withoutASnapshotPathNothingIsWrittenOrRead() throws Exception {
    assertThat(new CacheOptions().getSnapshot()).isNull();
    assertThat(new CacheOptions().toJson().containsKey("registry_cache_snapshot")).isFalse();
    Path file = dir.resolve("registry.json");
    saveGreeterThroughAFirstCache(file, SAVED_AT);
    Files.delete(file);

    Await.result(memory.register(greeter("a")));
    CachingRegistry plain = Registry.cached(vertx, backend, options(null, at(SAVED_AT)));
    assertThat(nodeIds(Await.result(plain.getService("greeter")))).containsExactly("a");
    Await.result(plain.close());
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).as("nothing written").isEmpty();
    }

    saveGreeterThroughAFirstCache(file, SAVED_AT);
    backend.down();
    CachingRegistry unsaved = Registry.cached(vertx, backend, options(null, at(SAVED_AT)));
    assertThat(Await.failure(unsaved.getService("greeter"))).as("a file it was not told of is not read")
      .hasMessageContaining("unreachable");
    assertThat(unsaved.staleness("greeter")).isNull();
    Await.result(unsaved.close());
  }

  @Test
  void aCorruptFileIsIgnoredAndReplacedNeverFailingTheStart() throws Exception {
    Path file = dir.resolve("registry.json");
    Files.writeString(file, "{\"format\":1,\"services\":{\"greeter\":{\"at\":");
    backend.down();
    CachingRegistry cache = Registry.cached(vertx, backend, options(file, at(SAVED_AT)));
    assertThat(Await.failure(cache.getService("greeter"))).as("the registry's failure, not the file's")
      .hasMessageContaining("unreachable");

    backend.up();
    Await.result(memory.register(greeter("a")));
    Await.until("the registry's answer", () -> nodeIds(cache.peek("greeter")).equals(List.of("a"))
      || nodeIds(Await.result(cache.getService("greeter"))).equals(List.of("a")));
    Await.result(cache.close());
    JsonObject saved = new JsonObject(Files.readString(file));
    assertThat(saved.getJsonObject("services").getJsonObject("greeter").getLong("at")).isEqualTo(SAVED_AT);
  }

  @Test
  void snapshotIsAnOptionLikeTheOthers() {
    CacheOptions options = new CacheOptions(new JsonObject().put("registry_cache_snapshot", "/var/lib/app/registry.json"));
    assertThat(options.getSnapshot()).isEqualTo("/var/lib/app/registry.json");
    assertThat(options.toJson().getString("registry_cache_snapshot")).isEqualTo("/var/lib/app/registry.json");
    assertThat(new CacheOptions(options).getSnapshot()).isEqualTo("/var/lib/app/registry.json");
    assertThat(new CacheOptions().setSnapshot(" ").getSnapshot()).isNull();
  }

  @Test
  void debugStatsReportTheStaleAge() {
    Path file = dir.resolve("registry.json");
    long anHourAgo = System.currentTimeMillis() - 3_600_000;
    saveGreeterThroughAFirstCache(file, anHourAgo);
    MicroService billing = TestServices.start(vertx, backend, "billing",
      b -> b.set("registry_cache_snapshot", file.toString()));
    backend.down();
    assertThat(nodeIds(Await.result(billing.registry().getService("greeter")))).containsExactlyInAnyOrder("a", "b");

    Client client = TestServices.client(vertx, memory); // past the registry that is down
    JsonObject stats = Await.result(client.call("billing", "Debug.Stats", new JsonObject(), JsonObject.class));
    // the file's age by the system clock (a service's options cannot carry a test clock): an hour, plus the
    // seconds the test took, bounded far above what a loaded machine needs
    assertThat(stats.getJsonObject("stale").getLong("greeter")).isBetween(3_600_000L, 3_600_000L + 600_000L);
  }
}
