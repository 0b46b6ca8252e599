package io.microvx.cli;

import io.microvx.bot.BotOptions;
import io.microvx.proxy.server.ProxyOptions;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.RealServers;
import io.microvx.testing.TestServices;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code micro bot}'s options, and the bot in micro server answering a command a Java service adds, through the webhook. */
class BotCommandTest {

  private static Object parse(String... args) {
    PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
    return Micro.commandLine(quiet, quiet).parseArgs(args).subcommand().commandSpec().userObject();
  }

  @Test
  void inputsAndInputOptionsBecomeTheBotsConfig() {
    JsonObject config = ((BotCommand) parse("bot", "--inputs=webhook,telegram", "--webhook_token=s3cret",
      "--telegram-token", "123:abc")).config();
    assertThat(config.getString("bot_inputs")).isEqualTo("webhook,telegram");
    assertThat(config.getString("webhook_token")).isEqualTo("s3cret");
    assertThat(config.getString("telegram_token")).isEqualTo("123:abc");
    assertThat(new BotOptions(config).getInputs()).containsExactly("webhook", "telegram");
  }

  /** Every {@code micro bot} line of docs/bot.md and the README parses, and makes inputs that accept their options. */
  @Test
  void theDocumentedCommandLinesMakeTheirInputs() throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    for (String doc : new String[] {"../docs/bot.md", "../README.md"}) {
      java.nio.file.Files.readAllLines(java.nio.file.Path.of(doc)).stream().map(String::strip)
        .filter(line -> line.startsWith("micro bot --")).forEach(lines::add);
    }
    assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
    Vertx vertx = Vertx.vertx();
    try {
      for (String line : lines) {
        String[] args = line.substring("micro ".length()).split(" ");
        JsonObject config = ((BotCommand) parse(args)).config();
        BotOptions options = new BotOptions(config);
        assertThat(options.getInputs()).as(line).isNotEmpty();
        for (String input : options.getInputs()) {
          assertThat(io.microvx.bot.Inputs.create(vertx, input, config).name()).as(line).isEqualTo(input);
        }
      }
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void theServerRunsTheBotOnlyWhenAsked() {
    ServerCommand on = (ServerCommand) parse("server", "--bot", "--bot_inputs", "webhook");
    assertThat(on.bot).isTrue();
    assertThat(on.config(Map.of()).getString("bot_inputs")).isEqualTo("webhook");
    assertThat(((ServerCommand) parse("server")).bot).isFalse();
  }

  /** A go.micro.bot.[command] Java service, as in docs/bot.md. */
  public static class Command {
    public record HelpRequest() {
    }

    public record HelpResponse(String usage, String description) {
    }

    public record ExecRequest(List<String> args) {
    }

    public record ExecResponse(byte[] result, String error) {
    }

    public HelpResponse help(HelpRequest request) {
      return new HelpResponse("weather [city]", "Returns the weather in a city");
    }

    public ExecResponse exec(ExecRequest request) {
      String city = String.join(" ", request.args().subList(1, request.args().size()));
      return new ExecResponse(("sunny in " + city).getBytes(StandardCharsets.UTF_8), "");
    }
  }

  @Test
  void aCommandServiceAddsACommandAnsweredThroughTheWebhookOfMicroServer() {
    Vertx vertx = Vertx.vertx();
    try {
      int port = RealServers.freePort();
      JsonObject config = new JsonObject().put("registry", "memory").put("broker", "memory").put("transport", "http")
        .put("server_address", "127.0.0.1:0").put("bot_inputs", "webhook").put("webhook_token", "s3cret")
        .put("webhook_address", "127.0.0.1:" + port);
      ServerCommand.Running running = ServerCommand.start(vertx, config, new ProxyOptions().setAddress("127.0.0.1:0"), null, null,
        new BotOptions(config));
      MicroService weather = TestServices.start(vertx, running.registry(), "go.micro.bot.weather", new Command());
      WebClient http = WebClient.create(vertx);
      MultiMap form = MultiMap.caseInsensitiveMultiMap().add("token", "s3cret").add("user_id", "u1").add("user_name", "ada")
        .add("channel_id", "c1").add("text", "weather Oslo");
      Await.until("the weather command", () -> running.bot().serviceCommands().containsKey("weather"));
      String answer = Await.result(http.post(port, "127.0.0.1", "/bot").sendForm(form)).bodyAsJsonObject().getString("text");
      assertThat(answer).isEqualTo("sunny in Oslo");
      String help = Await.result(http.post(port, "127.0.0.1", "/bot").sendForm(form.set("text", "help")))
        .bodyAsJsonObject().getString("text");
      assertThat(help).contains("weather [city] - Returns the weather in a city");
      Await.result(weather.stop());
      Await.result(running.stop());
    } finally {
      Await.result(vertx.close());
    }
  }
}
