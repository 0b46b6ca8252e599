package io.microvx.bot.webhook;

import io.microvx.bot.BotOptions;
import io.microvx.bot.BotVerticle;
import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.microvx.service.MicroService;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook input as Mattermost and Rocket.Chat call it: outgoing webhooks (form or JSON) and slash commands. */
class WebhookInputTest {

  private static Vertx vertx;
  private static Registry registry;
  private static MicroService greeter;
  private static WebClient http;
  private static int port;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    registry = Registry.memory(vertx);
    greeter = TestServices.start(vertx, registry, "greeter", new Greeting.Say());
    http = WebClient.create(vertx);
    BotVerticle bot = bot(new JsonObject().put("webhook_token", "outgoing-token,slash-token"));
    port = ((WebhookInput) bot.inputs().get(0)).port();
  }

  private static BotVerticle bot(JsonObject config) {
    config.put("webhook_address", "127.0.0.1:0");
    BotVerticle bot = new BotVerticle(registry, TestServices.client(vertx, registry), new BotOptions(config)
      .setInputs(List.of("webhook")).setAllow(List.of("webhook:ada")));
    Await.result(vertx.deployVerticle(bot));
    return bot;
  }

  @AfterAll
  static void stop() {
    Await.result(greeter.stop());
    Await.result(vertx.close());
  }

  /** A Mattermost outgoing webhook: a form with the trigger word at the start of the text. */
  private static HttpResponse<Buffer> outgoing(int port, String token, String user, String text) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("token", token).add("team_id", "t1").add("channel_id", "c1")
      .add("channel_name", "ops").add("user_id", "u-" + user).add("user_name", user).add("post_id", "p1")
      .add("text", "micro " + text).add("trigger_word", "micro");
    return Await.result(http.post(port, "127.0.0.1", "/bot").sendForm(form));
  }

  @Test
  void aWrongOrMissingTokenIs401() {
    assertThat(outgoing(port, "guess", "ada", "ping").statusCode()).isEqualTo(401);
    HttpResponse<Buffer> none = Await.result(http.post(port, "127.0.0.1", "/bot")
      .sendJsonObject(new JsonObject().put("user_name", "ada").put("text", "ping")));
    assertThat(none.statusCode()).isEqualTo(401);
  }

  @Test
  void anOutgoingWebhookIsAnsweredInTheResponse() {
    HttpResponse<Buffer> response = outgoing(port, "outgoing-token", "bob", "ping");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("text")).isEqualTo("pong");
  }

  @Test
  void aRocketChatJsonWebhookIsAnswered() {
    JsonObject body = new JsonObject().put("token", "outgoing-token").put("channel_id", "GENERAL").put("channel_name", "general")
      .put("user_id", "r1").put("user_name", "ada").put("text", "call greeter Say.Hello {\"name\":\"Ada\"}")
      .put("bot", false);
    HttpResponse<Buffer> response = Await.result(http.post(port, "127.0.0.1", "/bot").sendJsonObject(body));
    String text = response.bodyAsJsonObject().getString("text");
    assertThat(text).startsWith("```\n").endsWith("\n```");
    assertThat(new JsonObject(text.substring(4, text.length() - 4)).getString("msg")).isEqualTo("Hello Ada");
  }

  @Test
  void aSlashCommandWithTheTokenInItsHeaderIsAnsweredInTheChannel() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("channel_id", "c1").add("command", "/micro")
      .add("user_id", "u-bob").add("user_name", "bob").add("text", "list services").add("response_url", "http://127.0.0.1:1/x");
    HttpResponse<Buffer> response = Await.result(http.post(port, "127.0.0.1", "/bot")
      .putHeader("Authorization", "Token slash-token").sendForm(form));
    JsonObject answer = response.bodyAsJsonObject();
    assertThat(answer.getString("response_type")).isEqualTo("in_channel");
    assertThat(answer.getString("text")).contains("greeter");
  }

  @Test
  void aUserNotAllowedIsRefusedDeregister() {
    String text = outgoing(port, "outgoing-token", "mallory", "deregister service {\"name\":\"greeter\"}")
      .bodyAsJsonObject().getString("text");
    assertThat(text).startsWith("sorry, mallory: you may not run deregister service");
    assertThat(Await.result(registry.getService("greeter"))).isNotEmpty();
  }

  @Test
  void onlyPostOnItsPath() {
    assertThat(Await.result(http.get(port, "127.0.0.1", "/bot").send()).statusCode()).isEqualTo(405);
    assertThat(Await.result(http.post(port, "127.0.0.1", "/other").send()).statusCode()).isEqualTo(404);
  }

  @Test
  void withWebhookUrlTheAnswerIsPostedThere() {
    Promise<JsonObject> posted = Promise.promise();
    HttpServer incoming = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      posted.tryComplete(body.toJsonObject());
      request.response().end("ok");
    }));
    int incomingPort = Await.result(incoming.listen(0, "127.0.0.1")).actualPort();
    BotVerticle bot = bot(new JsonObject().put("webhook_token", "tok").put("webhook_url", "http://127.0.0.1:" + incomingPort + "/hooks/abc"));
    int botPort = ((WebhookInput) bot.inputs().get(0)).port();
    HttpResponse<Buffer> response = outgoing(botPort, "tok", "bob", "echo hi there");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Await.result(posted.future()).getString("text")).isEqualTo("hi there");
  }

  @Test
  void withoutATokenTheInputRefusesToStart() {
    Throwable failure = Await.failure(vertx.deployVerticle(new BotVerticle(registry, TestServices.client(vertx, registry),
      new BotOptions().setInputs(List.of("webhook")))));
    assertThat(failure).hasMessageStartingWith("the webhook input needs webhook_token");
  }
}
