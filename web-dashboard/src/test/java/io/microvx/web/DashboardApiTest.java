package io.microvx.web;

import io.microvx.metadata.CallContext;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.registry.Value;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON API behind the pages, the pages' headers, and the guards on it, over a running greeter. */
class DashboardApiTest {

  /** What the mailer subscriber got. */
  static final List<String> signups = new CopyOnWriteArrayList<>();

  public static class Welcomer {
    public void welcome(JsonObject signup) {
      signups.add(signup.getString("email"));
    }
  }

  /** Says who the call's metadata names. */
  public static class Echo {
    public JsonObject who(JsonObject request, CallContext context) {
      JsonObject metadata = new JsonObject();
      context.metadata().forEach(metadata::put);
      return new JsonObject().put("metadata", metadata);
    }
  }

  private DashboardFixture fx;

  @BeforeEach
  void start() {
    fx = new DashboardFixture();
    fx.service("greeter", b -> b.handler(new Greeting.Say()).handler("Echo", new Echo())
      .subscriber("user.signup", new Welcomer()));
    fx.start();
    fx.awaitListed("greeter");
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void servicesAreListedAndDescribed() {
    JsonObject list = fx.get("/_/api/services").json();
    assertThat(list.getString("registry")).isEqualTo("memory");
    JsonObject greeter = list.getJsonArray("services").getJsonObject(0);
    assertThat(greeter.getString("name")).isEqualTo("greeter");
    assertThat(greeter.getJsonArray("versions")).containsExactly("1.0.0");
    assertThat(greeter.getInteger("nodes")).isEqualTo(1);
    assertThat(greeter.getJsonArray("topics")).containsExactly("user.signup");

    DashboardFixture.Reply detail = fx.get("/_/api/service?name=greeter");
    assertThat(detail.header("Content-Type")).startsWith("application/json");
    JsonObject version = detail.json().getJsonArray("versions").getJsonObject(0);
    JsonObject hello = version.getJsonArray("endpoints").stream().map(JsonObject.class::cast)
      .filter(e -> e.getString("name").equals("Say.Hello")).findFirst().orElseThrow();
    assertThat(hello.getJsonObject("request").getJsonArray("values").getJsonObject(0).getString("name")).isEqualTo("name");
    assertThat(version.getJsonArray("nodes").getJsonObject(0).getString("address")).startsWith("127.0.0.1:");

    assertThat(fx.get("/_/api/service?name=nobody").status()).isEqualTo(404);
  }

  @Test
  void aCallAnswersWithTheReplyOrTheErrorAndTheLatency() {
    JsonObject ok = fx.post("/_/api/call", new JsonObject().put("service", "greeter").put("endpoint", "Say.Hello")
      .put("request", new JsonObject().put("name", "Ada"))).json();
    assertThat(ok.getBoolean("ok")).isTrue();
    assertThat(ok.getJsonObject("reply")).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
    assertThat(ok.getDouble("latencyMs")).isPositive();

    JsonObject missing = fx.post("/_/api/call", new JsonObject().put("service", "greeter").put("endpoint", "Say.Nothing")
      .put("request", "{}")).json();
    assertThat(missing.getBoolean("ok")).isFalse();
    assertThat(missing.getJsonObject("error").getInteger("code")).isEqualTo(404);

    // a node address must be one of the service's own: the dashboard calls no host its user names
    JsonObject elsewhere = fx.post("/_/api/call", new JsonObject().put("service", "greeter").put("endpoint", "Say.Hello")
      .put("address", "10.1.2.3:80")).json();
    assertThat(elsewhere.getJsonObject("error").getInteger("code")).isEqualTo(400);
    assertThat(elsewhere.getJsonObject("error").getString("detail")).contains("not a node of service greeter");

    assertThat(fx.post("/_/api/call", new JsonObject().put("endpoint", "Say.Hello")).status()).isEqualTo(400);
  }

  @Test
  void aCallCarriesTheMetadataGivenAndNotTheWiresOrTheGatewaysOwnHeaders() {
    JsonObject call = new JsonObject().put("service", "greeter").put("endpoint", "Echo.Who").put("request", new JsonObject());
    JsonObject ok = fx.post("/_/api/call", call.copy().put("metadata", new JsonObject().put("X-User", "ada"))).json();
    assertThat(ok.getBoolean("ok")).as(ok.encode()).isTrue();
    assertThat(ok.getJsonObject("reply").getJsonObject("metadata").getString("X-User")).isEqualTo("ada");

    for (Object refused : List.of(new JsonObject().put("Micro-Id", "forged"), new JsonObject().put("X-Auth-Subject", "root"),
      new JsonObject().put("Timeout", "1"), new JsonObject().put("X-Count", 1), "X-User=ada")) {
      DashboardFixture.Reply reply = fx.post("/_/api/call", call.copy().put("metadata", refused));
      assertThat(reply.status()).as(String.valueOf(refused)).isEqualTo(400);
      assertThat(reply.json().getString("detail")).as(String.valueOf(refused)).containsAnyOf("metadata", "caller's");
    }
  }

  @Test
  void aNodeThatDoesNotAnswerCanBeDeregisteredAndALiveOneCannot() {
    Node ghost = new Node("greeter-ghost", "127.0.0.1:1");
    // registered as a node of the greeter as it is, its endpoints kept (a registration carries them)
    Service greeter = Await.result(fx.registry.getService("greeter")).get(0);
    Await.result(fx.registry.register(new Service(greeter.name(), greeter.version(), greeter.metadata(),
      greeter.endpoints(), List.of(ghost))));
    Await.until("the dashboard to list the ghost", () -> fx.get("/_/api/service?name=greeter").json()
      .getJsonArray("versions").getJsonObject(0).getJsonArray("nodes").size() == 2);
    String live = Await.result(fx.registry.getService("greeter")).get(0).nodes().stream()
      .filter(n -> !n.id().equals(ghost.id())).findFirst().orElseThrow().address();

    DashboardFixture.Reply alive = fx.post("/_/api/deregister", new JsonObject().put("service", "greeter").put("address", live));
    assertThat(alive.status()).isEqualTo(409);
    assertThat(alive.json().getString("detail")).contains("answers Debug.Health");
    assertThat(fx.post("/_/api/deregister", new JsonObject().put("service", "greeter").put("address", "127.0.0.1:2"))
      .status()).isEqualTo(404);
    assertThat(fx.post("/_/api/deregister", new JsonObject().put("service", "greeter")).status()).isEqualTo(400);

    JsonObject removed = fx.post("/_/api/deregister", new JsonObject().put("service", "greeter").put("address", ghost.address()))
      .json();
    assertThat(removed.getBoolean("ok")).as(removed.encode()).isTrue();
    assertThat(removed.getString("node")).isEqualTo("greeter-ghost");
    assertThat(removed.getJsonObject("health").getBoolean("ok")).isFalse();
    assertThat(Await.result(fx.registry.getService("greeter")).get(0).nodes()).extracting(Node::address).containsExactly(live);
  }

  @Test
  void rpcIsMicroWebs() {
    DashboardFixture.Reply reply = fx.post("/rpc", new JsonObject().put("service", "greeter").put("method", "Say.Hello")
      .put("request", "{\"name\":\"Cy\"}"));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(new JsonObject().put("msg", "Hello Cy"));
    DashboardFixture.Reply unknown = fx.post("/rpc", new JsonObject().put("service", "nobody").put("endpoint", "Say.Hello"));
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void nodesReportHealthAndStats() {
    JsonArray nodes = fx.get("/_/api/nodes?service=greeter").json().getJsonArray("nodes");
    assertThat(nodes).hasSize(1);
    JsonObject node = nodes.getJsonObject(0);
    assertThat(node.getJsonObject("health").getJsonObject("reply").getString("status")).isEqualTo("ok");
    assertThat(node.getJsonObject("stats").getJsonObject("reply").getLong("uptime")).isNotNegative();
    assertThat(node.getJsonObject("stats").getJsonObject("reply").containsKey("memory")).isTrue();
  }

  @Test
  void theTerminalRunsTheCliCommands() {
    assertThat(fx.terminal("list services")).contains("SERVICE").contains("greeter  1.0.0").contains("1");
    assertThat(fx.terminal("get service greeter")).contains("endpoint Say.Hello").contains("request  Request {name string}")
      .contains("(subscriber of user.signup)");
    assertThat(fx.terminal("call greeter Say.Hello {\"name\":\"Bo\"}")).contains("\"msg\" : \"Hello Bo\"");
    assertThat(fx.terminal("call greeter Say.Hello '{\"name\": \"Di\"}'")).contains("Hello Di");
    assertThat(fx.terminal("health greeter")).containsPattern("127\\.0\\.0\\.1:\\d+ +1\\.0\\.0 +ok");
    assertThat(fx.terminal("stats greeter")).contains("UPTIME").contains("MiB");
    assertThat(fx.terminal("publish user.signup {\"email\":\"ada@example.com\"}")).isEqualTo("published to user.signup");
    Await.until("the subscriber to get the message", () -> signups.contains("ada@example.com"));

    JsonObject bad = fx.post("/_/api/terminal", new JsonObject().put("line", "call greeter Say.Hello {\"name\":")).json();
    assertThat(bad.getBoolean("ok")).isFalse();
    assertThat(bad.getString("output")).startsWith("error: the request is not a JSON object");
    assertThat(fx.post("/_/api/terminal", new JsonObject().put("line", "rm -rf /")).json().getString("output"))
      .isEqualTo("error: unknown command \"rm\": try help");
    assertThat(fx.post("/_/api/terminal", new JsonObject().put("line", "health nobody")).json().getString("output"))
      .contains("not found (404");
  }

  @Test
  void registryChangesArePushedAsServerSentEvents() {
    HttpClient http = fx.clientVertx.createHttpClient();
    StringBuffer events = new StringBuffer();
    HttpClientResponse response = Await.result(http.request(new RequestOptions().setHost("127.0.0.1").setPort(fx.dashboard.port())
      .setURI("/_/api/events")).compose(request -> request.send().map(r -> r.handler(chunk -> events.append(chunk.toString())))));
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    Await.until("the first picture", () -> events.toString().contains("\"name\":\"greeter\""));
    assertThat(events.toString()).doesNotContain("late-arrival");

    Await.result(fx.registry.register(new Service("late-arrival", "2.0.0", Map.of(),
      List.of(new Endpoint("Late.Arrive", new Value("Arrival", "Arrival"), null, Map.of())),
      List.of(new Node("late-1", "127.0.0.1:1")))));
    Await.until("the change to be pushed", () -> events.toString().contains("\"name\":\"late-arrival\""));
    assertThat(events.toString()).contains("event: services");
    Await.result(http.close());
  }

  @Test
  void theLiveFeedIsAWebSocketForThePagesOnly() {
    WebSocketClient sockets = fx.clientVertx.createWebSocketClient();
    List<String> messages = new CopyOnWriteArrayList<>();
    WebSocket socket = Await.result(sockets.webSocket().textMessageHandler(messages::add)
      .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.dashboard.port()).setURI("/_/api/events")
        .addHeader("Origin", fx.base())));
    Await.until("the first picture", () -> messages.stream().anyMatch(m -> m.contains("\"name\":\"greeter\"")));
    Await.result(fx.registry.register(new Service("late-arrival", "2.0.0", List.of(new Node("late-1", "127.0.0.1:1")))));
    Await.until("the change", () -> messages.stream().anyMatch(m -> m.contains("late-arrival")));
    Await.result(socket.close());
    // a page of another site may not open it: WebSockets are not held to the same-origin policy
    Throwable refused = Await.failure(sockets.webSocket().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
      .setPort(fx.dashboard.port()).setURI("/_/api/events").addHeader("Origin", "http://evil.example")));
    assertThat(refused).hasMessageContaining("403");
    Await.result(sockets.close());
  }

  @Test
  void pagesComeWithAContentSecurityPolicyAndNoScriptOfAnyoneElse() {
    for (String page : List.of("/", "/registry?service=greeter", "/client", "/terminal", "/stats")) {
      DashboardFixture.Reply reply = fx.get(page);
      assertThat(reply.status()).as(page).isEqualTo(200);
      assertThat(reply.header("Content-Security-Policy")).as(page).contains("script-src 'self'").doesNotContain("unsafe-inline");
      assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(reply.body()).contains("/_/static/js/main.js").doesNotContain("http://").doesNotContain("https://");
    }
    DashboardFixture.Reply script = fx.get("/_/static/js/main.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).contains("javascript");
    assertThat(fx.get("/_/static/../../WebDashboardVerticle.class").status()).isIn(400, 404);
    assertThat(fx.get("/_/nothing").status()).isEqualTo(404);
  }

  @Test
  void crossSiteWritesAndForeignHostsAreRefused() {
    DashboardFixture.Reply crossSite = fx.send(HttpMethod.POST, "/_/api/call",
      Map.of("Content-Type", "application/json", "Origin", "http://evil.example"),
      new JsonObject().put("service", "greeter").put("endpoint", "Say.Hello").toBuffer());
    assertThat(crossSite.status()).isEqualTo(403);
    DashboardFixture.Reply sameSite = fx.send(HttpMethod.POST, "/_/api/call",
      Map.of("Content-Type", "application/json", "Origin", fx.base()),
      new JsonObject().put("service", "greeter").put("endpoint", "Say.Hello").put("request", "{\"name\":\"Al\"}").toBuffer());
    assertThat(sameSite.json().getJsonObject("reply").getString("msg")).isEqualTo("Hello Al");
    // DNS rebinding: a loopback dashboard answers only requests addressed to loopback names
    DashboardFixture.Reply rebound = fx.send(HttpMethod.GET, "/_/api/services", Map.of("Host", "attacker.example:8082"), null);
    assertThat(rebound.status()).isEqualTo(403);
    assertThat(fx.send(HttpMethod.GET, "/_/api/services", Map.of("Host", "localhost:8082"), null).status()).isEqualTo(200);
  }

  @Test
  void anOversizedBodyIs413() {
    DashboardFixture.Reply reply = fx.send(HttpMethod.POST, "/_/api/call", Map.of("Content-Type", "application/json"),
      Buffer.buffer("{\"service\":\"" + "x".repeat(WebDashboardOptions.DEFAULT_MAX_BODY_SIZE) + "\"}"));
    assertThat(reply.status()).isEqualTo(413);
  }
}
