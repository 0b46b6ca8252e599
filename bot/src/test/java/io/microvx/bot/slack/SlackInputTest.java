package io.microvx.bot.slack;

import io.microvx.bot.BotOptions;
import io.microvx.bot.BotVerticle;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The Slack input, with Slack's SDK pointed at a fake of the Web API and of Socket Mode. */
class SlackInputTest {

  private static Vertx vertx;
  private static Registry registry;
  private static MicroService greeter;
  private static FakeSlack slack;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    registry = Registry.memory(vertx);
    greeter = TestServices.start(vertx, registry, "greeter", new Greeting.Say());
    slack = new FakeSlack(vertx);
    Await.result(slack.start());
    Await.result(vertx.deployVerticle(bot(FakeSlack.APP_TOKEN, FakeSlack.BOT_TOKEN)));
    Await.until("the socket", slack::connected);
  }

  private static BotVerticle bot(String appToken, String botToken) {
    JsonObject config = new JsonObject().put("slack_app_token", appToken).put("slack_bot_token", botToken).put("slack_api", slack.api());
    return new BotVerticle(registry, TestServices.client(vertx, registry), new BotOptions(config).setInputs(List.of("slack"))
      .setAllow(List.of("slack:UADA")));
  }

  @AfterAll
  static void stop() {
    Await.result(greeter.stop());
    Await.result(vertx.close());
  }

  private static <T> T untilPresent(Supplier<Optional<T>> find) {
    Await.until("the bot's answer", () -> find.get().isPresent());
    return find.get().orElseThrow();
  }

  private static JsonObject postedIn(String channel) {
    return untilPresent(() -> slack.posted().stream().filter(m -> channel.equals(m.getString("channel"))).findFirst());
  }

  @Test
  void aMentionInAChannelIsAcknowledgedAndAnsweredInItsThread() {
    String envelope = slack.send(new JsonObject().put("type", "app_mention").put("user", "UBOB").put("channel", "C100")
      .put("text", "<@UBOT> ping").put("ts", "1700000000.000100").put("event_ts", "1700000000.000100"));
    JsonObject posted = postedIn("C100");
    assertThat(posted.getString("text")).isEqualTo("pong");
    assertThat(posted.getString("thread_ts")).isEqualTo("1700000000.000100");
    assertThat(slack.acks()).contains(envelope);
  }

  @Test
  void aDirectMessageIsACommandAndTablesAreCodeBlocks() {
    slack.send(new JsonObject().put("type", "message").put("channel_type", "im").put("user", "UADA").put("channel", "D200")
      .put("text", "call greeter Say.Hello {\"name\":\"Ada\"}").put("ts", "1700000001.000100"));
    JsonObject posted = postedIn("D200");
    assertThat(posted.getString("text")).startsWith("```\n").endsWith("\n```").contains("Hello Ada");
    assertThat(posted.getString("thread_ts")).isNull();
  }

  @Test
  void channelMessagesWithoutAMentionAndBotMessagesAreIgnored() {
    slack.send(new JsonObject().put("type", "message").put("channel_type", "channel").put("user", "UBOB").put("channel", "C300")
      .put("text", "ping").put("ts", "1700000002.000100"));
    slack.send(new JsonObject().put("type", "message").put("channel_type", "im").put("bot_id", "B9").put("user", "UOTHER")
      .put("channel", "D300").put("text", "ping").put("ts", "1700000002.000200"));
    String last = slack.send(new JsonObject().put("type", "app_mention").put("user", "UBOB").put("channel", "C301")
      .put("text", "<@UBOT> echo done").put("ts", "1700000002.000300"));
    postedIn("C301");
    assertThat(slack.acks()).contains(last);
    assertThat(slack.posted()).noneMatch(m -> m.getString("channel").equals("C300") || m.getString("channel").equals("D300"));
  }

  @Test
  void theAllowListMatchesSlackMemberIds() {
    slack.send(new JsonObject().put("type", "app_mention").put("user", "UMAL").put("channel", "C400")
      .put("text", "<@UBOT> deregister service {\"name\":\"greeter\"}").put("ts", "1700000003.000100"));
    assertThat(postedIn("C400").getString("text")).startsWith("sorry, UMAL: you may not run deregister service");
  }

  @Test
  void aWrongBotTokenFailsTheStartInOneLine() {
    Throwable failure = Await.failure(vertx.deployVerticle(bot(FakeSlack.APP_TOKEN, "xoxb-wrong")));
    assertThat(failure).hasMessage("bot input slack: Slack refused slack_bot_token (invalid_auth)");
  }

  @Test
  void aBotTokenWhereTheAppTokenBelongsFailsTheStart() {
    Throwable failure = Await.failure(vertx.deployVerticle(bot(FakeSlack.BOT_TOKEN, FakeSlack.BOT_TOKEN)));
    assertThat(failure.getMessage()).startsWith("bot input slack: Slack did not open a Socket Mode connection for slack_app_token")
      .contains("not_allowed_token_type").doesNotContain("\n");
  }

  @Test
  void afterSlackDropsTheSocketTheSdkReconnectsAndEventsAreAnsweredAgain() {
    int before = slack.connections();
    slack.drop();
    Await.until("a new Socket Mode connection", () -> slack.connections() > before && slack.connected());
    slack.send(new JsonObject().put("type", "app_mention").put("user", "UBOB").put("channel", "C500")
      .put("text", "<@UBOT> echo back again").put("ts", "1700000004.000100"));
    assertThat(postedIn("C500").getString("text")).isEqualTo("back again");
  }

  @Test
  void anUnreachableWebApiFailsTheStartInOneLine() {
    String api = "http://127.0.0.1:" + io.microvx.testing.RealServers.freePort() + "/api/";
    JsonObject config = new JsonObject().put("slack_app_token", FakeSlack.APP_TOKEN).put("slack_bot_token", FakeSlack.BOT_TOKEN)
      .put("slack_api", api);
    Throwable failure = Await.failure(vertx.deployVerticle(new BotVerticle(registry, TestServices.client(vertx, registry),
      new BotOptions(config).setInputs(List.of("slack")))));
    assertThat(failure.getMessage()).startsWith("bot input slack: Slack's Web API at " + api + " cannot be reached")
      .doesNotContain("\n");
  }
}
