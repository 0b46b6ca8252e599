package io.microvx.cli;

import io.microvx.registry.vertx.VertxDiscoveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code micro server}'s cluster options, as parsed (nothing is started). */
class ServerCommandTest {

  private static ServerCommand parse(String... args) {
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    CommandLine.ParseResult parsed = Micro.commandLine(quiet, quiet).parseArgs(args);
    return (ServerCommand) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void clusterFlagsBecomeTheClusterOptionsAndTheRegistryVertx() {
    JsonObject config = parse("server", "--cluster", "--cluster_host", "127.0.0.1", "--cluster_port", "5801",
      "--cluster_members", "127.0.0.1:5801,127.0.0.1:5802").config(Map.of());
    assertThat(config.getString("registry")).isEqualTo("vertx");
    VertxDiscoveryOptions options = ServerCommand.clusterOptions(config);
    assertThat(options).isNotNull();
    assertThat(options.getClusterHost()).isEqualTo("127.0.0.1");
    assertThat(options.getClusterPort()).isEqualTo(5801);
    assertThat(options.getClusterMembers()).containsExactly("127.0.0.1:5801", "127.0.0.1:5802");
  }

  @Test
  void theEnvironmentClustersToo() {
    JsonObject config = parse("server").config(Map.of("MICRO_CLUSTER", "true", "MICRO_CLUSTER_PORT", "0"));
    assertThat(ServerCommand.clusterOptions(config)).isNotNull().extracting(VertxDiscoveryOptions::getClusterPort).isEqualTo(0);
    assertThat(config.getString("registry")).isEqualTo("vertx");
  }

  @Test
  void withoutClusterNothingChanges() {
    JsonObject config = parse("server").config(Map.of());
    assertThat(ServerCommand.clusterOptions(config)).isNull();
    assertThat(config.getString("registry")).isEqualTo("memory");
  }

  @Test
  void aRegistryNamedOnPurposeStaysWithCluster() {
    JsonObject config = parse("server", "--cluster", "--registry", "etcd").config(Map.of());
    assertThat(config.getString("registry")).isEqualTo("etcd");
    assertThat(ServerCommand.clusterOptions(config)).isNotNull();
  }

  @Test
  void aBadClusterOptionIsOneLineNamingIt() {
    ServerCommand server = parse("server", "--cluster", "--cluster_members", "127.0.0.1:5701,somewhere else");
    assertThatThrownBy(() -> server.config(Map.of())).isInstanceOf(IllegalArgumentException.class)
      .satisfies(e -> assertThat(e.getMessage()).contains("cluster_members").doesNotContain("\n"));
  }

  @Test
  void aMetricsAddressMeantForTheServicesIsNotBoundByEachPartOfTheServer() {
    JsonObject config = parse("server", "--metrics_token", "0123456789abcdef")
      .config(Map.of("MICRO_METRICS_ADDRESS", "127.0.0.1:9100"));
    assertThat(config.containsKey("metrics_address")).isFalse();
    assertThat(config.getString("metrics_token")).isEqualTo("0123456789abcdef");
  }
}
