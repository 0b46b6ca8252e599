package io.microvx.cli;

import io.microvx.testing.PluginJars;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugins as a user installs them: a jar in {@code ~/.micro/plugins} or in a folder named by
 * {@code MICRO_PLUGIN_PATH}, reaching {@code micro server}, {@code micro plugins}, the help, and the
 * service {@code micro run} starts. The plugin jars are compiled by the test ({@link PluginJars}).
 */
class MicroPluginsIT {

  private static final Processes processes = new Processes();
  @TempDir
  static Path home;
  private static Path testreg;
  private static List<String> inHome;
  private static Processes.Running server;
  private static Map<String, String> env;

  /** micro server with its registry made by a plugin from the default folder, ~/.micro/plugins. */
  @BeforeAll
  static void startServerWithAPluginRegistry() throws Exception {
    testreg = PluginJars.registry(home.resolve(".micro/plugins/testreg.jar"), "test.TestRegistry", "testreg", "memory", "tr");
    inHome = List.of("-Duser.home=" + home);
    server = processes.micro(inHome, Map.of(), "server", "--registry", "testreg", "--broker", "http", "--transport", "http",
      "--no-api", "--no-web", "--proxy_address", "127.0.0.1:0");
    env = Map.of("MICRO_PROXY_ADDRESS", server.awaitProxyAddress(Duration.ofSeconds(60)));
  }

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  @Test
  void microServerMakesItsRegistryWithAPluginFromThePluginsFolder() {
    assertThat(server.out).contains("testreg plugin: registry made")
      .contains("registry memory, broker http, transport http");
  }

  @Test
  void microPluginsListsEachPluginWithTheJarItCameFrom() throws Exception {
    Processes.Result table = processes.run(inHome, Map.of(), null, "plugins");
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).containsPattern("^KIND +NAME +ALIASES +FROM\n")
      .containsPattern("(?m)^registry +testreg +tr +" + Pattern.quote(testreg.toString()) + "$")
      .containsPattern("(?m)^registry +memory +" + Pattern.quote(Processes.MICRO_JAR.toString()) + "$")
      .containsPattern("(?m)^registry +etcd +etcdv3 +" + Pattern.quote(Processes.MICRO_JAR.toString()) + "$")
      .containsPattern("(?m)^transport +http +" + Pattern.quote(Processes.MICRO_JAR.toString()) + "$")
      .containsPattern("(?m)^wrapper +trace +opentelemetry, tracing +" + Pattern.quote(Processes.MICRO_JAR.toString()) + "$");

    Processes.Result json = processes.run(inHome, Map.of(), null, "plugins", "--output", "json");
    assertThat(json.exit()).isZero();
    assertThat(new JsonArray(json.out())).contains(new JsonObject().put("kind", "registry").put("name", "testreg")
      .put("aliases", new JsonArray().add("tr")).put("source", testreg.toString()));
  }

  @Test
  void theHelpListsThePluginsThereAreAndNoOthers() throws Exception {
    Map<String, String> none = Map.of("MICRO_PLUGIN_PATH", "");
    for (String[] help : new String[][] {{"help", "server"}, {"run", "--help"}, {"api", "--help"}, {"web", "-h"}}) {
      Processes.Result result = processes.run(none, null, help);
      assertThat(result.exit()).as(String.join(" ", help)).isZero();
      assertThat(result.out()).as(String.join(" ", help))
        .contains("Plugins (NAME is one of these; `micro plugins` says which jar each is from):")
        .containsPattern("(?m)^  registry   consul, etcd, kubernetes, mdns, memory, proxy, vertx$")
        .containsPattern("(?m)^  broker     http, kafka, memory, nats, proxy, rabbitmq$")
        .containsPattern("(?m)^  transport  http, nats, rabbitmq$")
        .doesNotContain("testreg");
    }
    Processes.Result withFolder = processes.run(inHome, Map.of(), null, "server", "--help");
    assertThat(withFolder.out()).containsPattern("(?m)^  registry   consul, etcd, kubernetes, mdns, memory, proxy, testreg, vertx$");
  }

  @Test
  void aServiceStartedByMicroRunFindsThePluginsOfMicroPluginPath(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("plugins");
    PluginJars.registry(folder.resolve("childreg.jar"), "test.ChildRegistry", "childreg", "proxy");
    Map<String, String> withPath = Map.of("MICRO_PROXY_ADDRESS", env.get("MICRO_PROXY_ADDRESS"),
      "MICRO_PLUGIN_PATH", folder.toString());
    Processes.Running service = processes.micro(withPath, "run", Processes.GREETER_JAR.toString(), "--registry", "childreg",
      "--conf", "{\"server_name\":\"plugged\"}");
    service.awaitLine(l -> l.equals("childreg plugin: registry made"), Duration.ofSeconds(60));
    processes.awaitService(env, "plugged");
    assertThat(service.terminate(Duration.ofSeconds(30))).isZero();
  }

  @Test
  void anUnknownTransportStopsMicroServerAndTheServiceOfMicroRun() throws Exception {
    Processes.Result server = processes.run(Map.of("MICRO_PLUGIN_PATH", ""), null, "server", "--transport", "nope",
      "--no-api", "--no-web", "--proxy_address", "127.0.0.1:0");
    assertThat(server.exit()).isEqualTo(2);
    assertThat(server.err()).isEqualTo("micro: unknown transport \"nope\": available are http, nats, rabbitmq"
      + " (a plugin is found when its jar is on the class path)");

    Processes.Result run = processes.run(env, null, "run", Processes.GREETER_JAR.toString(), "--transport", "nope");
    assertThat(run.exit()).as("a service that did not start: micro run's status for a failure").isEqualTo(1);
    assertThat(run.err().lines().filter(l -> l.startsWith("micro run:"))).singleElement().asString()
      .contains("did not start: unknown transport \"nope\"");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void microServerRefusingTheProxyRegistryNamesTheRegistriesThereAre() throws Exception {
    Processes.Result server = processes.run(Map.of("MICRO_PLUGIN_PATH", ""), null, "server", "--registry", "proxy");
    assertThat(server.exit()).isEqualTo(2);
    assertThat(server.err()).isEqualTo("micro: micro server serves the registry and broker itself, not through a proxy:"
      + " pick a registry (consul, etcd, kubernetes, mdns, memory, vertx) and a broker (http, kafka, memory, nats, rabbitmq)");
  }

  @Test
  void twoPluginsWithOneNameAreRefusedNamingBothJars(@TempDir Path dir) throws Exception {
    Path a = PluginJars.registry(dir.resolve("a/dup.jar"), "test.a.DupRegistry", "dup", "memory");
    Path b = PluginJars.registry(dir.resolve("b/dup.jar"), "test.b.DupRegistry", "dup", "memory");
    Map<String, String> both = Map.of("MICRO_PLUGIN_PATH", a.getParent() + File.pathSeparator + b);
    String refusal = "micro: two registry plugins are named \"dup\": " + a + " and " + b + "; remove one";

    Processes.Result plugins = processes.run(both, null, "plugins");
    assertThat(plugins.exit()).isEqualTo(1);
    assertThat(plugins.err()).isEqualTo(refusal);

    Processes.Result server = processes.run(both, null, "server", "--no-api", "--no-web",
      "--proxy_address", "127.0.0.1:0");
    assertThat(server.exit()).isEqualTo(1);
    assertThat(server.err()).isEqualTo(refusal);
  }

  @Test
  void aPluginPathEntryThatIsNoJarIsIgnoredWithAWarning(@TempDir Path dir) throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.txt"), "not a plugin");
    Processes.Result plugins = processes.run(Map.of("MICRO_PLUGIN_PATH", notes.toString()), null, "plugins");
    assertThat(plugins.exit()).isZero();
    assertThat(plugins.err()).isEqualTo("micro: MICRO_PLUGIN_PATH: " + notes + " is neither a jar nor a folder: ignored");
    assertThat(plugins.out()).contains("memory");
  }
}
