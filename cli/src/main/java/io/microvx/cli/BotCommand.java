package io.microvx.cli;

import io.microvx.bot.BotVerticle;
import io.microvx.config.MicroConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bot", description = {"Run the bot: chat ops over a webhook (Mattermost, Rocket.Chat), Telegram, XMPP or Slack.",
  "It answers micro's commands (help, list services, get service, health, call, register service, ...) and",
  "every command a service named go.micro.bot.[command] adds. It finds services through micro server's proxy,",
  "or the registry named by --registry. Input options go as flags or MICRO_* variables (see docs/bot.md)."},
  footer = {"", "Examples:", "  micro bot --inputs=webhook --webhook_token=s3cret",
    "  micro bot --inputs=telegram --telegram_token=123456:ABC --bot_allow=telegram:42",
    "  micro bot --inputs=xmpp --xmpp_jid=micro@example.org --xmpp_password=pw --xmpp_rooms=ops@conference.example.org"})
final class BotCommand implements Callable<Integer> {

  @Option(names = "--inputs", paramLabel = "NAME,...", defaultValue = "${env:MICRO_BOT_INPUTS}",
    description = "The chats to listen on: webhook, telegram, xmpp, slack (env MICRO_BOT_INPUTS).")
  String inputs;

  @Unmatched
  List<String> flags = new java.util.ArrayList<>();

  /** The bot's flat options: the environment's, then the flags. */
  JsonObject config() {
    JsonObject config = MicroConfig.load(new JsonObject(), System.getenv(), flags);
    if (inputs != null) {
      config.put("bot_inputs", inputs);
    }
    return config;
  }

  @Override
  public Integer call() throws Exception {
    JsonObject config = config();
    return Foreground.run("bot", () -> {
      Vertx vertx = Vertx.vertx();
      BotVerticle bot = new BotVerticle();
      try {
        Session.await(vertx.deployVerticle(bot, new DeploymentOptions().setConfig(config)), Duration.ofSeconds(60));
      } catch (RuntimeException e) {
        Session.await(vertx.close(), Duration.ofSeconds(15));
        throw e;
      }
      System.out.printf("bot listening on %s%n", String.join(", ", bot.options().getInputs()));
      System.out.flush();
      return vertx::close;
    });
  }
}
