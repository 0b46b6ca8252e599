package io.microvx.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

  private static Map<String, String> environment(Map<String, String> inherited, String... args) {
    CommandLine micro = Micro.commandLine(new PrintStream(PrintStream.nullOutputStream()), new PrintStream(PrintStream.nullOutputStream()));
    CommandLine.ParseResult parsed = micro.parseArgs(args);
    RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
    Map<String, String> env = new HashMap<>(inherited);
    run.environment(env, ((Micro) micro.getCommandSpec().userObject()).global);
    return env;
  }

  @Test
  void pluginFlagsBecomeTheServicesVariablesAndWinOverTheInheritedOnes() {
    Map<String, String> env = environment(Map.of("MICRO_REGISTRY", "memory", "MICRO_BROKER", "memory"),
      "run", "service.jar", "--registry", "myregistry", "--registry_address", "10.0.0.1:2379",
      "--broker", "http", "--broker_address", "127.0.0.1:0", "--transport", "mytransport");
    assertThat(env).containsEntry("MICRO_REGISTRY", "myregistry").containsEntry("MICRO_REGISTRY_ADDRESS", "10.0.0.1:2379")
      .containsEntry("MICRO_BROKER", "http").containsEntry("MICRO_BROKER_ADDRESS", "127.0.0.1:0")
      .containsEntry("MICRO_TRANSPORT", "mytransport");
  }

  @Test
  void withoutFlagsTheInheritedVariablesStandAndNoneIsAdded() {
    Map<String, String> env = environment(Map.of("MICRO_BROKER", "memory"), "run", "service.jar");
    assertThat(env).containsEntry("MICRO_BROKER", "memory")
      .doesNotContainKeys("MICRO_REGISTRY", "MICRO_REGISTRY_ADDRESS", "MICRO_BROKER_ADDRESS", "MICRO_TRANSPORT");
  }
}
