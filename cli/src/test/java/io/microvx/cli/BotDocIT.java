package io.microvx.cli;

import io.microvx.testing.Namespaces;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.microvx.cli.ReadmeIT.START;
import static io.microvx.cli.ReadmeIT.serverReady;
import static org.assertj.core.api.Assertions.assertThat;

/** The commands of docs/bot.md (and the README's bot line), run as written on a host of the test's own (see {@link DocShell}). */
class BotDocIT {

  private static final String BOT = "docs/bot.md";
  private static final String PING = "curl -s -d token=s3cret -d user_name=ada -d text=ping 127.0.0.1:8083/bot";

  private Namespaces network;
  private DocShell sh;

  @BeforeEach
  void host(@TempDir Path home) throws Exception {
    network = Namespaces.network("10.253.8");
    sh = new DocShell(network.host("bot", 1), home);
  }

  @AfterEach
  void close() {
    try {
      sh.close();
    } finally {
      network.close();
    }
  }

  @Test
  void theBotAnswersItsWebhookAloneAndInMicroServer() throws Exception {
    Processes.Running server = sh.start("README.md", "./micro server");
    serverReady(server);
    Processes.Running bot = sh.start("README.md," + BOT, "micro bot --inputs=webhook --webhook_token=s3cret");
    bot.awaitLine(l -> l.equals("bot listening on webhook"), START);
    assertThat(new JsonObject(sh.ok(BOT, PING)).getString("text")).isEqualTo("pong");
    bot.terminate(START);
    server.terminate(START);

    Processes.Running both = sh.start(BOT, "MICRO_WEBHOOK_TOKEN=s3cret micro server --bot --bot_inputs webhook");
    serverReady(both);
    both.awaitLine(l -> l.equals("bot listening on webhook"), START);
    assertThat(new JsonObject(sh.ok(BOT, PING)).getString("text")).isEqualTo("pong");
  }
}
