package io.microvx.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Usage as parsed in this JVM: help everywhere, unknown flags refused with the closest known one. */
class MicroUsageTest {

  record Run(int exit, String out, String err) {
  }

  private static Run micro(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // a command that started a server instead of answering would never return
    int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Micro.execute(args,
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<String> commands() {
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    return List.copyOf(Micro.commandLine(quiet, quiet).getSubcommands().keySet());
  }

  @Test
  void everyCommandAnswersHelpAndDashHWithItsUsage() {
    assertThat(commands()).contains("server", "api", "web", "proxy", "run", "list", "call", "shell", "new");
    for (String command : commands()) {
      for (String help : List.of("--help", "-h")) {
        Run run = micro(command, help);
        assertThat(run.exit()).as("micro %s %s: %s", command, help, run.err()).isZero();
        assertThat(run.out()).as("micro %s %s", command, help).contains("Usage: micro " + command + " ");
      }
    }
  }

  @Test
  void anUnknownOptionOfADeclaredCommandNamesTheClosestOne() {
    Run run = micro("list", "services", "--outptu=json");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--outptu=json'").contains("did you mean --output?");
  }

  @Test
  void theGatewaysFlagsAreCheckedAndTheClosestOneNamed() {
    for (String command : List.of("api", "web", "server", "proxy")) {
      Run run = micro(command, "--auth_requred=true");
      assertThat(run.exit()).as("micro %s: %s", command, run.err()).isEqualTo(2);
      assertThat(run.err()).as(command).startsWith("micro: unknown option --auth_requred: did you mean --auth_required?");
    }
  }

  @Test
  void anArgumentThatIsNoFlagIsAUsageError() {
    Run run = micro("api", "greeter");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unexpected argument \"greeter\"");
  }

  @Test
  void serverTakesTheGatewaysAndDashboardsOwnFlags() {
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    CommandLine.ParseResult parsed = Micro.commandLine(quiet, quiet).parseArgs("server",
      "--cors_allowed_origins=https://app.example.com", "--auth_required", "true", "--web_max_call_timeout=10s", "--etcd_timeout=3s");
    JsonObject config = ((ServerCommand) parsed.subcommand().commandSpec().userObject()).config(Map.of());
    assertThat(config.getString("cors_allowed_origins")).isEqualTo("https://app.example.com");
    assertThat(config.getString("auth_required")).isEqualTo("true");
    assertThat(config.getString("web_max_call_timeout")).isEqualTo("10s");
    assertThat(config.getString("etcd_timeout")).isEqualTo("3s");
  }

  @Test
  void closestIsNoneWhenNothingIsNear() {
    assertThat(Flags.closest("zzzzzzzz", java.util.Set.of("api_address", "auth_required"))).isNull();
    assertThat(Flags.closest("x", java.util.Set.of())).isNull();
  }
}
