package io.microvx.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code micro run} as a user meets it, against {@code micro proxy} (the proxy alone, on a port the
 * system chose and read back from what it prints): a service that cannot start, a killed {@code micro
 * run}, and {@code --watch} across a build.
 */
class MicroRunIT {

  private static final Processes processes = new Processes();
  private static Processes.Running proxy;
  private static Map<String, String> env;

  @BeforeAll
  static void startProxy() {
    try {
      proxy = processes.micro(Map.of(), "proxy", "--proxy_address", "127.0.0.1:0");
      env = Map.of("MICRO_PROXY_ADDRESS", proxy.awaitProxyAddress(Duration.ofSeconds(60)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  @Test
  void microProxyServesTheRegistryAloneAndStopsCleanly() throws Exception {
    Processes.Result registered = processes.run(env, null, "register", "service",
      "{\"name\":\"by-hand\",\"nodes\":[{\"id\":\"by-hand-1\",\"address\":\"127.0.0.1:1\"}]}");
    assertThat(registered.exit()).as(registered.err()).isZero();
    Processes.Result list = processes.run(env, null, "list", "services");
    assertThat(list.out()).contains("by-hand");
    assertThat(proxy.out).anyMatch(l -> l.equals("registry memory, broker memory, transport http"));
    Processes.Result deregistered = processes.run(env, null, "deregister", "service",
      "{\"name\":\"by-hand\",\"nodes\":[{\"id\":\"by-hand-1\",\"address\":\"127.0.0.1:1\"}]}");
    assertThat(deregistered.exit()).as(deregistered.err()).isZero();
  }

  @Test
  void aServiceThatFindsNoProxyIsOneLineAndExitOne() throws Exception {
    Processes.Result run = processes.run(Map.of("MICRO_PROXY_ADDRESS", "127.0.0.1:" + Processes.freePort()), null,
      "run", Processes.GREETER_JAR.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(run.err().lines().filter(l -> l.startsWith("micro run:")))
      .singleElement().asString().startsWith("micro run: io.microvx.examples.greeter").contains("did not start: nothing answers at 127.0.0.1:");
  }

  @Test
  void aMissingClassIsOneLineAndExitOne(@TempDir Path empty) throws Exception {
    Processes.Result run = processes.run(env, null, "run", "com.example.NoSuchVerticle", "--cp", empty.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(run.err().lines().filter(l -> !l.isBlank()))
      .containsExactly("micro run: com.example.NoSuchVerticle did not start: no class com.example.NoSuchVerticle on its class path"
        + " (the jar, --cp, or the plugins folder)");
  }

  @Test
  void killingMicroRunEvenWithSigkillStopsItsService() throws Exception {
    Processes.Running run = processes.micro(env, "run", Processes.GREETER_JAR.toString(), "--conf", "{\"server_name\":\"orphan\"}");
    processes.awaitService(env, "orphan");
    List<ProcessHandle> children = run.process.toHandle().children().toList();
    assertThat(children).hasSize(1);
    ProcessHandle service = children.get(0);
    run.process.destroyForcibly().waitFor();
    service.onExit().get(60, TimeUnit.SECONDS);
    assertThat(service.isAlive()).isFalse();
    // it stopped cleanly: deregistered, not left for its TTL to run out
    awaitGone("orphan");
  }

  @Test
  void watchRestartsOnceForANewJarAndTheOldServiceStopsCleanly(@TempDir Path workspace) throws Exception {
    Path jar = workspace.resolve("watched.jar");
    Files.copy(Processes.GREETER_JAR, jar);
    Path rebuilt = workspace.resolve("rebuilt.jar");
    Files.copy(Processes.GREETER_JAR, rebuilt);
    try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + rebuilt.toUri()), Map.of())) {
      Files.writeString(zip.getPath("build.txt"), "second build");
    }
    Processes.Running watched = processes.micro(env, "run", jar.toString(), "--watch", "--conf", "{\"server_name\":\"watched\"}");
    processes.awaitService(env, "watched");
    String before = nodes("watched");

    // a build touches the jar, then writes it in place as Maven does (same file, truncated): one restart
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
    assertThat(processes.run(env, null, "list", "services").exit()).isZero();
    Files.write(jar, Files.readAllBytes(rebuilt));
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 4000));
    watched.awaitLine(l -> l.contains("changed, restarting"), Duration.ofSeconds(60));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String after = nodes("watched");
    while (System.nanoTime() < deadline && (after.isEmpty() || after.contains(before))) {
      Processes.sleep(200);
      after = nodes("watched");
    }
    assertThat(after).isNotEmpty().doesNotContain(before);
    assertThat(watched.terminate(Duration.ofSeconds(30))).isZero();
    assertThat(watched.err).filteredOn(l -> l.contains("changed, restarting")).hasSize(1);
    assertThat(watched.err).noneMatch(l -> l.contains("NoClassDefFoundError") || l.contains("ZipException"));
    awaitGone("watched");
  }

  private static void awaitGone(String service) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && !nodes(service).isEmpty()) {
      Processes.sleep(200);
    }
    assertThat(nodes(service)).as("%s still registered", service).isEmpty();
  }

  private static String nodes(String service) throws Exception {
    Processes.Result list = processes.run(env, null, "list", "nodes", "--output", "json");
    StringBuilder ids = new StringBuilder();
    for (Object item : new JsonArray(list.out())) {
      JsonObject s = (JsonObject) item;
      if (service.equals(s.getString("name"))) {
        s.getJsonArray("nodes").forEach(n -> ids.append(((JsonObject) n).getString("id")).append(' '));
      }
    }
    return ids.toString().trim();
  }
}
