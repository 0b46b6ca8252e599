package io.microvx.bot.xmpp;

import io.microvx.bot.BotOptions;
import io.microvx.bot.BotVerticle;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.RealServers;
import io.microvx.testing.TcpGate;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XMPP input against a real Prosody (scripts/services/start prosody): a user talks to the bot in a
 * one-to-one chat and in a room, where the bot answers when its nickname starts the message.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class XmppInputTest {

  private static final String ROOM = "ops@conference.localhost";

  private static Vertx vertx;
  private static TcpGate gate;
  private static MicroService greeter;
  private static MicroService weather;
  private static XMPPTCPConnection ada;
  private static XMPPTCPConnection mallory;
  private static final List<String> direct = new CopyOnWriteArrayList<>();
  private static final List<String> room = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    String address = RealServers.prosody();
    vertx = Vertx.vertx();
    Registry registry = Registry.memory(vertx);
    // the bot reaches Prosody through a gate the reconnect test cuts
    gate = TcpGate.open(vertx, address);
    greeter = TestServices.start(vertx, registry, "greeter", new Greeting.Say());
    weather = TestServices.start(vertx, registry, "go.micro.bot.weather", b -> b.handler("Command", new WeatherCommand()));
    JsonObject config = new JsonObject().put("xmpp_jid", "bot@localhost").put("xmpp_password", "bot-pw")
      .put("xmpp_address", gate.address()).put("xmpp_tls", "disabled").put("xmpp_rooms", ROOM);
    BotVerticle bot = new BotVerticle(registry, TestServices.client(vertx, registry), new BotOptions(config)
      .setInputs(List.of("xmpp")).setAllow(List.of("xmpp:ada@localhost")));
    Await.result(vertx.deployVerticle(bot));
    Await.until("the weather command", () -> bot.serviceCommands().containsKey("weather"));
    ada = user("ada", address);
    mallory = user("mallory", address);
    ChatManager.getInstanceFor(ada).addIncomingListener((from, message, chat) -> direct.add(message.getBody()));
    MultiUserChat ops = MultiUserChatManager.getInstanceFor(ada).getMultiUserChat(JidCreate.entityBareFrom(ROOM));
    ops.addMessageListener(message -> {
      if (message.getFrom().getResourceOrEmpty().toString().equals("micro")) {
        room.add(message.getBody());
      }
    });
    ops.join(Resourcepart.from("ada"));
  }

  /** A command service as in BotCommandsTest, here for the XMPP conversation. */
  public static class WeatherCommand {
    public record HelpRequest() {
    }

    public record HelpResponse(String usage, String description) {
    }

    public record ExecRequest(List<String> args) {
    }

    public record ExecResponse(byte[] result, String error) {
    }

    public HelpResponse help(HelpRequest request) {
      return new HelpResponse("weather [city]", "Returns the weather");
    }

    public ExecResponse exec(ExecRequest request) {
      return new ExecResponse(("sunny in " + String.join(" ", request.args().subList(1, request.args().size()))).getBytes(), "");
    }
  }

  private static XMPPTCPConnection user(String name, String address) throws Exception {
    int colon = address.lastIndexOf(':');
    XMPPTCPConnection connection = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
      .setXmppDomain("localhost").setHost(address.substring(0, colon)).setPort(Integer.parseInt(address.substring(colon + 1)))
      .setUsernameAndPassword(name, name + "-pw").setSecurityMode(SecurityMode.disabled).setResource("test").build());
    connection.connect().login();
    return connection;
  }

  @AfterAll
  static void stop() {
    for (XMPPTCPConnection connection : new XMPPTCPConnection[] {ada, mallory}) {
      if (connection != null) {
        connection.disconnect();
      }
    }
    if (vertx != null) {
      Await.result(greeter.stop());
      Await.result(weather.stop());
      Await.result(vertx.close());
    }
  }

  private static void tellBot(XMPPTCPConnection user, String text) throws Exception {
    ChatManager.getInstanceFor(user).chatWith(JidCreate.entityBareFrom("bot@localhost")).send(text);
  }

  @Test
  void aDirectChatIsAnswered() throws Exception {
    tellBot(ada, "list services");
    Await.until("the list", () -> direct.stream().anyMatch(m -> m.contains("greeter") && m.contains("go.micro.bot.weather")));
  }

  @Test
  void callAndAServiceAddedCommandAnswerInADirectChat() throws Exception {
    tellBot(ada, "call greeter Say.Hello {\"name\":\"Ada\"}");
    Await.until("the greeting", () -> direct.stream().anyMatch(m -> m.contains("\"msg\" : \"Hello Ada\"")));
    tellBot(ada, "weather Lisbon");
    Await.until("the weather", () -> direct.contains("sunny in Lisbon"));
  }

  @Test
  void aUserNotOnTheAllowListIsRefused() throws Exception {
    List<String> answers = new CopyOnWriteArrayList<>();
    ChatManager.getInstanceFor(mallory).addIncomingListener((from, message, chat) -> answers.add(message.getBody()));
    tellBot(mallory, "deregister service {\"name\":\"greeter\"}");
    Await.until("the refusal", () -> answers.stream().anyMatch(m -> m.startsWith("sorry, mallory: you may not run deregister service")));
  }

  @Test
  void inARoomTheBotAnswersWhenItsNicknameStartsTheMessage() throws Exception {
    MultiUserChat ops = MultiUserChatManager.getInstanceFor(ada).getMultiUserChat(JidCreate.entityBareFrom(ROOM));
    ops.sendMessage("echo not for the bot");
    ops.sendMessage("micro: echo for the bot");
    ops.sendMessage("@micro call greeter Say.Hello {\"name\":\"Room\"}");
    ops.sendMessage("micro: list services");
    ops.sendMessage("@micro ping");
    Await.until("the pong", () -> room.contains("ada: pong"));
    Await.until("the list", () -> room.stream().anyMatch(m -> m.startsWith("ada: \n") && m.contains("greeter")));
    Await.until("the echo", () -> room.contains("ada: for the bot"));
    Await.until("the call", () -> room.stream().anyMatch(m -> m.contains("Hello Room")));
    assertThat(room).noneMatch(m -> m.contains("not for the bot"));
  }

  /** Last: cut off, the bot reconnects by itself and answers again, in a direct chat and in its room. */
  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void afterTheConnectionIsCutTheBotReconnectsAndRejoinsItsRoom() throws Exception {
    gate.takeDown();
    gate.bringBack();
    MultiUserChat ops = MultiUserChatManager.getInstanceFor(ada).getMultiUserChat(JidCreate.entityBareFrom(ROOM));
    // messages sent while the bot is away are lost (no offline storage): ask again until it answers
    boolean answered = false;
    for (int attempt = 0; attempt < 30 && !answered; attempt++) {
      String word = "again" + attempt;
      tellBot(ada, "echo " + word);
      ops.sendMessage("micro: echo room-" + word);
      try {
        Await.until("the answers after reconnecting", java.time.Duration.ofSeconds(3),
          () -> direct.contains(word) && room.contains("ada: room-" + word));
        answered = true;
      } catch (AssertionError notYet) {
        // not back yet
      }
    }
    // said apart, so a failure tells which of the two did not come back
    assertThat(direct).as("answers in the direct chat after the cut").anyMatch(m -> m.startsWith("again"));
    assertThat(room).as("answers in the room after the cut").anyMatch(m -> m.startsWith("ada: room-again"));
    assertThat(answered).as("both answered to the same attempt").isTrue();
  }
}
