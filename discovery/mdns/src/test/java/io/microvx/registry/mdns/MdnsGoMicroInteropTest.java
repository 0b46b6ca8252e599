package io.microvx.registry.mdns;

import io.microvx.codec.Json;
import io.microvx.testing.Ci;
import io.microvx.testing.Namespaces;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * go-micro v1.18's own mdns registry (src/test/go/gomicro-mdns) on one host of the test's, ours on the
 * other: each finds and watches what the other registers, and sees it go with its goodbye.
 */
class MdnsGoMicroInteropTest {

  private static final Path GO_SOURCE = Path.of("src/test/go/gomicro-mdns").toAbsolutePath();
  private static final Path GO_BINARY = Path.of("target/gomicro-mdns").toAbsolutePath();
  private static final Path GO_LOG = Path.of("target/gomicro-mdns.log").toAbsolutePath();
  private static Namespaces network;
  private static String hostA;
  private static String hostB;
  private final List<Agent> agents = new ArrayList<>();

  @BeforeAll
  static void hostsAndGoMicro() throws Exception {
    MdnsTests.namespace();
    Ci.require(Ci.onPath("go"), "go is not installed: go-micro's side of this test is a Go program");
    // built by src/test/netns/bin/java before the JVM entered its namespace (where modules cannot be fetched)
    Ci.require(Files.isExecutable(GO_BINARY), "go-micro's side was not built (" + GO_SOURCE + "): "
      + (Files.exists(GO_LOG) ? Files.readString(GO_LOG).trim() : "no build log"));
    network = Namespaces.network("10.253.8");
    hostA = network.host("a", 1);
    hostB = network.host("b", 2);
    for (String host : List.of(hostA, hostB)) {
      MdnsAcrossNamespacesTest.run("ip", "-n", host, "route", "add", "224.0.0.0/4", "dev", "eth0");
    }
  }

  @AfterAll
  static void removeHosts() {
    if (network != null) {
      network.close();
    }
  }

  @AfterEach
  void stopAgents() {
    agents.forEach(agent -> agent.process.destroyForcibly());
  }

  @Test
  void goMicroFindsAndWatchesOurNodesAndSeesThemGo() throws Exception {
    String service = "java.greeter-" + UUID.randomUUID().toString().substring(0, 8);
    Agent goWatch = go(hostA, "watch", service);
    goWatch.expect("watching");
    Agent ours = java(hostB);
    ours.send("register " + service + " java-1 " + network.address(2) + ":7001 0").expect("registered java-1");

    JsonObject created = json(goWatch.awaitLine("event create "), "event create ");
    assertThat(created.getString("name")).isEqualTo(service);
    assertThat(created.getString("version")).isEqualTo("1.0");
    assertThat(created.getJsonArray("nodes").getJsonObject(0).getMap())
      .containsEntry("id", "java-1").containsEntry("address", network.address(2) + ":7001");

    Agent goLookup = go(hostA, "lookup", service);
    JsonArray found = new JsonArray(goLookup.expect("found ").substring("found ".length()));
    assertThat(found.getJsonObject(0).getJsonArray("nodes").getJsonObject(0).getString("id")).isEqualTo("java-1");

    ours.send("stop").expect("stopped");
    JsonObject deleted = json(goWatch.awaitLine("event delete "), "event delete ");
    assertThat(deleted.getJsonArray("nodes").getJsonObject(0).getString("id")).isEqualTo("java-1");
  }

  @Test
  void weFindAndWatchGoMicrosNodesAndSeeThemGo() throws Exception {
    String service = "go.greeter-" + UUID.randomUUID().toString().substring(0, 8);
    Agent ours = java(hostB);
    ours.send("watch " + service).expect("watching");
    Agent goService = go(hostA, "register", service, "go-1", network.address(1) + ":7000");
    goService.expect("registered");

    ours.awaitLine("event create go-1");
    ours.send("describe " + service);
    JsonArray described = new JsonArray(ours.expect("described ").substring("described ".length()));
    JsonObject version = described.getJsonObject(0);
    assertThat(version.getString("version")).isEqualTo("1.0-go");
    assertThat(version.getJsonArray("endpoints").getJsonObject(0).getString("name")).isEqualTo("Greeter.Hello");
    assertThat(version.getJsonArray("nodes").getJsonObject(0).getMap()).containsEntry("id", "go-1")
      .containsEntry("address", network.address(1) + ":7000").containsEntry("metadata", Map.of("from", "go"));

    goService.endInput(); // go-micro deregisters: its goodbye
    goService.expect("stopped");
    ours.awaitLine("event delete go-1");
    ours.send("lookup " + service).expect("found ");
  }

  private static JsonObject json(String line, String prefix) throws IOException {
    return new JsonObject(Json.mapper().readTree(line.substring(prefix.length())).toString());
  }

  private Agent go(String host, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(GO_BINARY.toString()));
    command.addAll(List.of(args));
    Agent agent = Agent.start(Namespaces.in(host, command));
    agents.add(agent);
    return agent;
  }

  private Agent java(String host) throws IOException {
    List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
      "-cp", System.getProperty("java.class.path"), MdnsAgentMain.class.getName(), "eth0");
    Agent agent = Agent.start(Namespaces.in(host, java));
    agents.add(agent);
    return agent;
  }
}
