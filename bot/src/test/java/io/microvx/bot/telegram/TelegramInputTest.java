package io.microvx.bot.telegram;

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

import static org.assertj.core.api.Assertions.assertThat;

/** The Telegram input against a fake of the Bot API (long polls, offsets, sendMessage's checks, 401 on a wrong token). */
class TelegramInputTest {

  private static Vertx vertx;
  private static Registry registry;
  private static MicroService greeter;
  private static FakeTelegram telegram;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    registry = Registry.memory(vertx);
    greeter = TestServices.start(vertx, registry, "greeter", new Greeting.Say());
    telegram = new FakeTelegram(vertx);
    Await.result(telegram.start());
    Await.result(vertx.deployVerticle(bot(FakeTelegram.TOKEN)));
  }

  private static BotVerticle bot(String token) {
    JsonObject config = new JsonObject().put("telegram_token", token).put("telegram_api", telegram.api())
      .put("telegram_poll_timeout", "5s");
    return new BotVerticle(registry, TestServices.client(vertx, registry), new BotOptions(config)
      .setInputs(List.of("telegram")).setAllow(List.of("telegram:42")));
  }

  @AfterAll
  static void stop() {
    Await.result(greeter.stop());
    Await.result(vertx.close());
  }

  private static JsonObject answerTo(long chat, String text) {
    return untilPresent(() -> telegram.sent().stream()
      .filter(m -> m.getLong("chat_id") == chat && m.getString("text").contains(text)).findFirst());
  }

  private static <T> T untilPresent(java.util.function.Supplier<java.util.Optional<T>> find) {
    Await.until("the bot's answer", () -> find.get().isPresent());
    return find.get().orElseThrow();
  }

  @Test
  void aPrivateChatIsAnsweredWithAReplyToTheMessage() {
    telegram.userSays(1001, "private", 7, "bob", "ping");
    JsonObject sent = untilPresent(() -> telegram.sent().stream().filter(m -> m.getLong("chat_id") == 1001).findFirst());
    assertThat(sent.getString("text")).isEqualTo("pong");
    assertThat(sent.getJsonObject("reply_parameters").getLong("message_id")).isNotNull();
  }

  @Test
  void tablesGoAsPreBlocksTelegramAccepts() {
    telegram.userSays(1002, "private", 42, "ada", "call greeter Say.Hello {\"name\":\"<Ada & co>\"}");
    JsonObject sent = answerTo(1002, "Hello");
    assertThat(sent.getString("parse_mode")).isEqualTo("HTML");
    assertThat(sent.getString("text")).startsWith("<pre>").endsWith("</pre>").contains("Hello &lt;Ada &amp; co&gt;");
  }

  @Test
  void inAGroupOnlyCommandsAndMentionsForThisBotAreAnswered() {
    telegram.userSays(-2001, "group", 7, "bob", "ping");
    telegram.userSays(-2001, "group", 7, "bob", "/ping@other_bot");
    telegram.userSays(-2001, "group", 7, "bob", "/echo@micro_test_bot one");
    telegram.userSays(-2001, "group", 7, "bob", "@micro_test_bot echo two");
    telegram.userSays(-2001, "group", 7, "bob", "/echo three");
    answerTo(-2001, "three");
    answerTo(-2001, "two");
    answerTo(-2001, "one");
    // the next poll has passed the offset of all five: nothing else was answered, nothing twice
    int polls = telegram.polls;
    Await.until("another poll", () -> telegram.polls > polls);
    assertThat(telegram.sent().stream().filter(m -> m.getLong("chat_id") == -2001).map(m -> m.getString("text")))
      .containsExactlyInAnyOrder("one", "two", "three");
  }

  @Test
  void theAllowListMatchesTelegramUserIds() {
    telegram.userSays(1003, "private", 99, "mallory", "deregister service {\"name\":\"greeter\"}");
    assertThat(answerTo(1003, "sorry").getString("text")).startsWith("sorry, mallory: you may not run deregister service");
  }

  @Test
  void aWrongTokenFailsTheStartInOneLine() {
    Throwable failure = Await.failure(vertx.deployVerticle(bot("123456:wrong")));
    assertThat(failure).hasMessage("bot input telegram: Telegram refused telegram_token (401 Unauthorized)");
  }
}
