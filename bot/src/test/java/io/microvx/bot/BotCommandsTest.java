package io.microvx.bot;

import io.microvx.client.Client;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bot's commands, through an input as a chat would send them, against a memory registry and real services. */
class BotCommandsTest {

  private static Vertx vertx;
  private static Registry registry;
  private static Client client;
  private static MicroService greeter;
  private static MicroService weather;
  private static MicroService dice;
  private static MicroService hang;
  private static BotVerticle bot;
  private static TestInput chat;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    registry = Registry.memory(vertx);
    client = TestServices.client(vertx, registry);
    greeter = TestServices.start(vertx, registry, "greeter", new Greeting.Say());
    weather = TestServices.start(vertx, registry, "go.micro.bot.weather", new CommandServices.Command());
    dice = TestServices.start(vertx, registry, "go.micro.bot.dice", b -> b.handler("Command", new CommandServices.ProtobufCommand()));
    BotOptions options = new BotOptions(new JsonObject().put("test_id", "commands")).setInputs(List.of("test"))
      .setAllow(List.of("test:ada", "test:#ops"))
      .setAllowCall(List.of("test:carol")).setCommandTimeout(Duration.ofSeconds(5)).setMaxOutput(2000).setRateLimit(0);
    bot = new BotVerticle(registry, client, options, Clock.fixed(Instant.parse("2026-12-03T10:15:30Z"), ZoneOffset.UTC));
    Await.result(vertx.deployVerticle(bot));
    chat = TestInput.STARTED.get("commands");
  }

  @AfterAll
  static void stop() {
    for (MicroService service : new MicroService[] {hang, dice, weather, greeter}) {
      if (service != null) {
        Await.result(service.stop());
      }
    }
    Await.result(vertx.close());
  }

  private static Reply say(String user, String text) {
    return Await.result(chat.say(user, text));
  }

  @Test
  void smallCommandsAnswerAsMicrosDo() {
    assertThat(say("bob", "ping").text()).isEqualTo("pong");
    assertThat(say("bob", "echo  hello   there ").text()).isEqualTo("hello   there");
    assertThat(say("bob", "hello").text()).isEqualTo("hello bob");
    assertThat(say("bob", "time").text()).isEqualTo("Thu, 3 Dec 2026 10:15:30 GMT");
  }

  @Test
  void helpListsBuiltinsAndTheCommandsServicesAdd() {
    Await.until("the services' help is in", () -> say("bob", "help").text().contains("dice - Rolls a die"));
    Reply help = say("bob", "help");
    assertThat(help.preformatted()).isTrue();
    assertThat(help.text()).contains("list services - Returns a list of registered services",
      "deregister service [definition] - Deregisters a service from its JSON", "weather [city] - Returns the weather in a city",
      "dice - Rolls a die");
  }

  @Test
  void listAndGetServicesReadTheRegistry() {
    assertThat(say("bob", "list services").text().lines()).contains("greeter", "go.micro.bot.weather");
    Reply service = say("bob", "get service greeter");
    assertThat(service.preformatted()).isTrue();
    assertThat(new io.vertx.core.json.JsonArray(service.text()).getJsonObject(0).getString("name")).isEqualTo("greeter");
    assertThat(say("bob", "get service nobody").text()).isEqualTo("service nobody not found");
    assertThat(say("bob", "get service").text()).isEqualTo("usage: get service [name]");
  }

  @Test
  void healthAsksEveryNode() {
    String address = greeter.server().address();
    assertThat(say("bob", "health greeter").text()).contains(address).endsWith("ok");
    assertThat(say("bob", "health nobody").text()).isEqualTo("service nobody not found");
  }

  @Test
  void callAnswersTheServicesReplyForAnAllowedUser() {
    Reply reply = say("ada", "call greeter Say.Hello {\"name\": \"Ada Lovelace\"}");
    assertThat(new JsonObject(reply.text()).getString("msg")).isEqualTo("Hello Ada Lovelace");
  }

  @Test
  void callWithBadJsonIsOneLine() {
    String text = say("ada", "call greeter Say.Hello {name: Ada").text();
    assertThat(text).isEqualTo("the request is not a JSON object: {name: Ada");
  }

  @Test
  void callToAnUnknownServiceSaysSoInOneLine() {
    String text = say("ada", "call nobody Say.Hello {}").text();
    assertThat(text).startsWith("call: error: ").doesNotContain("\n");
  }

  @Test
  void writeCommandsAreRefusedToUsersNotOnTheAllowList() {
    String legacy = "{\"name\":\"legacy\",\"nodes\":[{\"id\":\"legacy-1\",\"address\":\"10.0.0.7:8080\"}]}";
    assertThat(say("ada", "register service " + legacy).text()).isEqualTo("registered legacy");
    assertThat(Await.result(registry.getService("legacy"))).hasSize(1);

    assertThat(say("mallory", "deregister service " + legacy).text())
      .isEqualTo("sorry, mallory: you may not run deregister service (only users on the bot's allow-list may)");
    assertThat(say("mallory", "call greeter Say.Hello {}").text()).startsWith("sorry, mallory: you may not run call");
    assertThat(Await.result(registry.getService("legacy"))).hasSize(1);

    assertThat(say("ada", "deregister service " + legacy).text()).isEqualTo("deregistered legacy");
    assertThat(Await.result(registry.getService("legacy"))).isEmpty();
  }

  @Test
  void callersMayCallButNotChangeTheRegistry() {
    assertThat(new JsonObject(say("carol", "call greeter Say.Hello {\"name\":\"Carol\"}").text()).getString("msg"))
      .isEqualTo("Hello Carol");
    assertThat(say("carol", "deregister service {\"name\":\"greeter\"}").text())
      .startsWith("sorry, carol: you may not run deregister service");
    assertThat(Await.result(registry.getService("greeter"))).isNotEmpty();
  }

  @Test
  void everyoneInAnAllowedRoomMayRunWriteCommands() {
    String legacy = "{\"name\":\"roomy\",\"nodes\":[{\"id\":\"roomy-1\",\"address\":\"10.0.0.8:8080\"}]}";
    assertThat(Await.result(chat.sayIn("ops", "dave", "register service " + legacy)).text()).isEqualTo("registered roomy");
    assertThat(Await.result(chat.sayIn("elsewhere", "dave", "deregister service " + legacy)).text())
      .startsWith("sorry, dave: you may not run deregister service");
    assertThat(Await.result(chat.sayIn("ops", "dave", "deregister service " + legacy)).text()).isEqualTo("deregistered roomy");
  }

  @Test
  void unknownCommandGetsAHelpHint() {
    assertThat(say("bob", "frobnicate now").text()).isEqualTo("unknown command \"frobnicate\": say help for the list");
  }

  @Test
  void aJsonCommandServiceAddsItsCommand() {
    assertThat(say("bob", "weather San Francisco").text()).isEqualTo("sunny in San Francisco");
    assertThat(say("bob", "weather").text()).isEqualTo("error: which city?");
  }

  @Test
  void aProtobufCommandServiceAddsItsCommand() {
    assertThat(say("bob", "dice 6").text()).isEqualTo("rolled from dice 6");
  }

  @Test
  void commandsComeAndGoWithTheirServices() {
    MicroService echo = TestServices.start(vertx, registry, "go.micro.bot.later", new CommandServices.Command());
    Await.until("the command appears", () -> bot.serviceCommands().containsKey("later"));
    assertThat(say("bob", "later Paris").text()).isEqualTo("sunny in Paris");
    Await.result(echo.stop());
    Await.until("the command goes", () -> !bot.serviceCommands().containsKey("later"));
    assertThat(say("bob", "later Paris").text()).startsWith("unknown command");
  }

  @Test
  void aHangingCommandTimesOutAndTheBotKeepsServing() {
    hang = TestServices.start(vertx, registry, "go.micro.bot.hang", b -> b.handler("Command", new CommandServices.HangingCommand()));
    Await.until("the command appears", () -> bot.serviceCommands().containsKey("hang"));
    Await.until("its help is in", () -> say("bob", "help").text().contains("hang - Never answers"));
    String text = say("bob", "hang").text();
    assertThat(text).startsWith("hang").containsAnyOf("did not answer within 5 s", "timed out").doesNotContain("\n");
    assertThat(say("bob", "ping").text()).isEqualTo("pong");
  }

  @Test
  void longOutputIsCutWithANote() {
    String word = "x".repeat(5000);
    Reply reply = say("bob", "echo " + word);
    assertThat(reply.text()).hasSizeLessThanOrEqualTo(2000).contains("more characters left out");
  }

  @Test
  void unknownInputIsRefusedNamingTheKnownOnes() {
    BotVerticle other = new BotVerticle(registry, client, new BotOptions().setInputs(List.of("carrier-pigeon")));
    Throwable failure = Await.failure(vertx.deployVerticle(other));
    assertThat(failure).hasMessageContaining("no bot input named carrier-pigeon").hasMessageContaining("webhook");
  }

  @Test
  void noInputIsRefused() {
    Throwable failure = Await.failure(vertx.deployVerticle(new BotVerticle(registry, client, new BotOptions())));
    assertThat(failure).hasMessageStartingWith("the bot needs an input");
  }
}
