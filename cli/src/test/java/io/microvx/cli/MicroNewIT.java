package io.microvx.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's path: {@code micro new}, then the very commands it prints, run as printed (by bash), with
 * a Maven repository that has everything but the toolkit: the project builds against the toolkit's own
 * repository (cli/target/repo), and its service logs, registers and answers.
 */
class MicroNewIT {

  private static final Processes processes = new Processes();
  private static Map<String, String> env;

  @BeforeAll
  static void startProxy() throws IOException {
    Processes.Running proxy = processes.micro(Map.of(), "proxy", "--proxy_address", "127.0.0.1:0");
    env = Map.of("MICRO_PROXY_ADDRESS", proxy.awaitProxyAddress(Duration.ofSeconds(60)));
  }

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  /** ~/.m2 without io.microvx: links to every other group, so nothing is downloaded and nothing of the toolkit is found there. */
  private static Path repositoryWithoutTheToolkit(Path dir) throws IOException {
    Path m2 = Path.of(System.getProperty("user.home"), ".m2/repository");
    Files.createDirectories(dir.resolve("io"));
    try (Stream<Path> groups = Files.list(m2)) {
      for (Path group : groups.toList()) {
        if (!group.getFileName().toString().equals("io")) {
          Files.createSymbolicLink(dir.resolve(group.getFileName().toString()), group);
        }
      }
    }
    try (Stream<Path> groups = Files.list(m2.resolve("io"))) {
      for (Path group : groups.toList()) {
        if (!group.getFileName().toString().equals("microvx")) {
          Files.createSymbolicLink(dir.resolve("io").resolve(group.getFileName().toString()), group);
        }
      }
    }
    return dir;
  }

  private static Processes.Running bash(Path dir, Map<String, String> extra, String line) throws IOException {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putAll(extra);
    // the toolkit was built by this Maven run: ./micro must not build it again
    all.put("MICRO_SKIP_BUILD", "1");
    return processes.start(dir, all, "bash", "-c", line);
  }

  @Test
  void theNextStepsItPrintsBuildRunAndCallALoggingService(@TempDir Path workspace) throws Exception {
    Processes.Result created = processes.run(env, null, "new", "demo", "--dir", workspace.resolve("demo").toString());
    assertThat(created.exit()).as(created.err()).isZero();
    List<String> lines = created.out().lines().toList();
    assertThat(lines).contains("next:");
    List<String> steps = lines.subList(lines.indexOf("next:") + 1, lines.size()).stream().map(String::trim).toList();
    assertThat(steps).hasSize(4);
    String micro = Path.of("..", "micro").toAbsolutePath().normalize().toString();
    assertThat(steps.get(0)).isEqualTo("cd " + workspace.resolve("demo") + " && mvn -q package");
    assertThat(steps.get(1)).startsWith(micro + " server");
    assertThat(steps.get(2)).isEqualTo(micro + " run target/demo.jar");
    assertThat(steps.get(3)).isEqualTo(micro + " call demo Demo.Call '{\"name\":\"Ada\"}'");

    Path repository = repositoryWithoutTheToolkit(workspace.resolve("m2"));
    Processes.Running build = bash(workspace, Map.of("MAVEN_OPTS", "-Dmaven.repo.local=" + repository), steps.get(0) + " -B");
    assertThat(build.process.waitFor(600, TimeUnit.SECONDS)).as("mvn package finished").isTrue();
    build.drain();
    assertThat(build.process.exitValue()).as("mvn package: %s %s", build.out, build.err).isZero();
    assertThat(repository.resolve("io/microvx/microvx-core")).as("the core came from the toolkit's repository").isDirectory();

    // step 2 (micro server) is the proxy this test started
    Processes.Running service = bash(workspace.resolve("demo"), Map.of(), steps.get(2));
    processes.awaitService(env, "demo");
    // it logs: slf4j-simple is on its class path, at runtime scope despite the Vert.x BOM
    service.awaitLine(l -> l.contains("INFO") && l.contains("demo 0.1.0 listening on"), Duration.ofSeconds(60));

    Processes.Running call = bash(workspace.resolve("demo"), Map.of(), steps.get(3));
    assertThat(call.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    call.drain();
    assertThat(call.process.exitValue()).as("%s", call.err).isZero();
    assertThat(new JsonObject(String.join("\n", call.out)).getString("msg")).isEqualTo("Hello Ada");
  }
}
