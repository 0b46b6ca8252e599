package io.microvx.interop;

import io.microvx.interop.GoPeers.Peer;
import io.microvx.interop.GoPeers.Result;
import io.microvx.testing.Ci;
import io.microvx.testing.RealServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code micro} command (cli/target/micro.jar) over a {@code micro server} on the shared etcd: it
 * lists Go and Java services side by side, shows a Go service's endpoints and calls it.
 */
class MicroCliInteropIT {

  private static final List<String> VERSIONS = GoPeers.VERSIONS;
  private static final Path MICRO_JAR = Path.of(System.getProperty("interop.micro.jar", "../cli/target/micro.jar"))
    .toAbsolutePath().normalize();
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private final String etcd = RealServers.etcd();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final GoPeers go = new GoPeers();
  private final JavaSide java = JavaSide.etcd(etcd);

  @AfterEach
  void close() {
    go.close();
    java.close();
  }

  private List<String> micro(String... args) {
    Ci.require(Files.isRegularFile(MICRO_JAR), MICRO_JAR + " is not built (mvn -pl interop -am verify builds it)");
    List<String> command = new ArrayList<>(List.of(JAVA, "-jar", MICRO_JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** micro server on etcd, proxy only; the environment pointing the CLI at it. */
  private Map<String, String> microServer() {
    int port = RealServers.freePort();
    Peer server = go.startCommand("micro server", micro("server", "--registry", "etcd", "--registry_address", etcd,
      "--no-api", "--no-web", "--proxy_address", "127.0.0.1:" + port), Map.of());
    server.awaitText(line -> line.startsWith("proxy listening on 127.0.0.1:" + port), Duration.ofSeconds(90));
    return Map.of("MICRO_PROXY_ADDRESS", "127.0.0.1:" + port);
  }

  @ParameterizedTest(name = "go-micro {0}")
  @FieldSource("VERSIONS")
  void microListsGoAndJavaServicesAndCallsTheGoOne(String version) {
    String goName = "go.greeter." + run;
    String javaName = "java.greeter." + run;
    go.start(version, "greeter", Map.of("GREETER_NAME", goName), List.of("--registry", "etcd", "--registry_address", etcd));
    java.greeter(javaName, new JavaGreeter.Say(java.vertx, javaName));
    Map<String, String> env = microServer();

    Result list = go.runCommand("micro list services", micro("list", "services"), env);
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out().lines()).anyMatch(line -> line.matches(Pattern.quote(goName) + " +go-" + version + " +1"))
      .anyMatch(line -> line.matches(Pattern.quote(javaName) + " +java +1"));

    Result get = go.runCommand("micro get service", micro("get", "service", goName, "--output", "json"), env);
    assertThat(get.exit()).as(get.err()).isZero();
    assertThat(get.out()).contains("\"Say.Hello\"", "\"Proto.Hello\"", "\"HelloRequest\"");

    Result call = go.runCommand("micro call", micro("call", goName, "Say.Hello", "{\"name\":\"Ada\"}"), env);
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(new JsonObject(call.out())).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
  }
}
