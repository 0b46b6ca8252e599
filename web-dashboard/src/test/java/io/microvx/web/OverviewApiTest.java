package io.microvx.web;

import io.microvx.client.CallOptions;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview's data ({@code GET /_/api/overview}): traffic per service and node from their Debug.Stats,
 * the call graph, topics, a node that stops answering, sampled every 200 ms here. Load runs on a timer while
 * a test waits, so a round always has traffic to see whatever the machine's speed.
 */
class OverviewApiTest {

  public static class Inbox {
    public void take(JsonObject letter) {
    }
  }

  private DashboardFixture fx;
  private MicroService caller;
  private final AtomicInteger answered = new AtomicInteger();

  @BeforeEach
  void start() {
    fx = new DashboardFixture();
    fx.service("greeter", b -> b.handler(new Greeting.Say()));
    fx.service("archive", b -> b.subscriber("letters", new Inbox()));
    caller = fx.service("caller", b -> { });
    fx.start(new WebDashboardOptions().setOverviewInterval(Duration.ofMillis(200)));
    fx.awaitListed("greeter");
    fx.awaitListed("archive");
    fx.awaitListed("caller");
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  /** Calls the greeter and publishes a letter every 20 ms until the test ends. */
  private void load() {
    long timer = fx.vertx.setPeriodic(20, id -> {
      caller.client().call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class)
        .onSuccess(reply -> answered.incrementAndGet());
      caller.client().publish("letters", new JsonObject().put("to", "archive"));
    });
    fx.onClose(() -> fx.vertx.cancelTimer(timer));
  }

  private JsonObject overview() {
    return fx.get("/_/api/overview").json();
  }

  private static Optional<JsonObject> service(JsonObject overview, String name) {
    return overview.getJsonArray("services").stream().map(JsonObject.class::cast)
      .filter(s -> name.equals(s.getString("name"))).findFirst();
  }

  @Test
  void aBusyServiceHasRequestsPerSecondLatencyAndHistory() {
    load();
    Await.until("the greeter to show traffic with its latency", () -> service(overview(), "greeter")
      .map(g -> g.getJsonObject("now").getDouble("rps", 0.0) > 0 && g.getJsonObject("now").containsKey("p99"))
      .orElse(false));

    JsonObject greeter = service(overview(), "greeter").orElseThrow();
    assertThat(greeter.getLong("unhealthy")).isZero();
    assertThat(greeter.getJsonArray("history").size()).isGreaterThanOrEqualTo(2);
    JsonObject node = greeter.getJsonArray("nodes").getJsonObject(0);
    assertThat(node.getBoolean("up")).isTrue();
    assertThat(node.getJsonArray("history")).isNotEmpty();
    // the overview's own Debug calls are not traffic: the caller is asked as often and serves nothing
    Await.until("a round past the caller's first", () -> service(overview(), "caller")
      .map(a -> a.getJsonArray("history").size() >= 2).orElse(false));
    assertThat(service(overview(), "caller").orElseThrow().getJsonObject("now").getDouble("rps")).isZero();
  }

  @Test
  void theCallGraphAndTopicsComeFromTheServicesMetrics() {
    load();
    Await.until("an edge from the caller to the greeter with a rate", () -> edges().stream()
      .anyMatch(e -> e.getString("from").equals("caller") && e.getString("to").equals("greeter") && e.getDouble("rps") > 0));
    Await.until("letters published and delivered", () -> topic("letters")
      .map(t -> t.getDouble("publishedPerSecond") > 0 && t.getDouble("deliveredPerSecond") > 0).orElse(false));

    JsonObject letters = topic("letters").orElseThrow();
    assertThat(letters.getJsonArray("subscribers")).containsExactly("archive");
    assertThat(letters.getInteger("subscriberNodes")).isEqualTo(1);
    // the dashboard's own Debug calls draw no edge
    assertThat(edges()).noneMatch(e -> e.getString("from").equals("go.micro.web"));
    // the caller's selector speaks for the greeter's node
    JsonObject view = service(overview(), "greeter").orElseThrow().getJsonArray("nodes").getJsonObject(0)
      .getJsonObject("selector");
    assertThat(view.getInteger("callers")).isEqualTo(1);
    assertThat(view.getInteger("ejectedBy")).isZero();
  }

  private List<JsonObject> edges() {
    return overview().getJsonArray("edges").stream().map(JsonObject.class::cast).toList();
  }

  private Optional<JsonObject> topic(String name) {
    return overview().getJsonArray("topics").stream().map(JsonObject.class::cast)
      .filter(t -> name.equals(t.getString("topic"))).findFirst();
  }

  @Test
  void aNodeThatDoesNotAnswerMarksItsServiceUnhealthy() {
    // a second greeter node registered at an address nothing listens on: what a killed process leaves
    Service greeter = fx.registry.getService("greeter").toCompletionStage().toCompletableFuture().join().get(0);
    Await.result(fx.registry.register(greeter.withNodes(List.of(new Node("greeter-dead", "127.0.0.1:1")))));

    Await.until("the dead node to be marked", () -> service(overview(), "greeter")
      .map(g -> g.getLong("unhealthy") == 1).orElse(false));
    JsonObject overview = overview();
    JsonArray nodes = service(overview, "greeter").orElseThrow().getJsonArray("nodes");
    JsonObject dead = nodes.stream().map(JsonObject.class::cast).filter(n -> n.getString("id").equals("greeter-dead"))
      .findFirst().orElseThrow();
    assertThat(dead.getBoolean("up")).isFalse();
    assertThat(dead.getJsonObject("error").getInteger("code")).isGreaterThanOrEqualTo(500);
    assertThat(service(overview, "greeter").orElseThrow().getJsonObject("now").getBoolean("up")).isFalse();
    // the live node still answers
    assertThat(Await.result(caller.client().call("greeter", "Say.Hello", new Greeting.Request("Ada"),
      Greeting.Response.class, new CallOptions().setRetries(2))).msg()).contains("Ada");
  }

  @Test
  void aNodeAnsweringDebugStatsWithNonsenseDoesNotStopTheOverview() {
    // a node of a service that answers every call with JSON of the wrong shapes
    String nonsense = new JsonObject().put("requests", "lots")
      .put("metrics", new JsonObject().put("server", new JsonObject().put("X.Y", new JsonObject().put("requests", "many")))
        .put("selector", new JsonObject().put("greeter", new JsonArray().add(new JsonObject().put("address", 5)))))
      .encode();
    io.vertx.core.http.HttpServer liar = Await.result(fx.vertx.createHttpServer()
      .requestHandler(request -> request.body().onComplete(body -> request.response()
        .putHeader("Content-Type", "application/json").end(nonsense)))
      .listen(0, "127.0.0.1"));
    fx.onClose(() -> Await.result(liar.close()));
    Await.result(fx.registry.register(new Service("liar", "1.0.0", List.of(new Node("liar-1", "127.0.0.1:" + liar.actualPort())))));
    load();

    Await.until("the liar listed and the greeter's traffic still counted", () -> {
      JsonObject overview = overview();
      return service(overview, "liar").isPresent()
        && service(overview, "greeter").map(g -> g.getJsonObject("now").getDouble("rps", 0.0) > 0).orElse(false);
    });
    long before = overview().getLong("t");
    Await.until("later rounds", () -> overview().getLong("t") > before);
  }

  @Test
  void withoutHistoryTheRoundComesAloneAndAZeroIntervalTurnsSamplingOff() {
    Await.until("a first round", () -> overview().getLong("t") > 0);
    JsonObject light = fx.get("/_/api/overview?history=false").json();
    assertThat(service(light, "greeter").orElseThrow().containsKey("history")).isFalse();
    assertThat(light.getBoolean("enabled")).isTrue();

    DashboardFixture off = new DashboardFixture();
    try {
      off.start(new WebDashboardOptions().setOverviewInterval(Duration.ZERO));
      JsonObject none = off.get("/_/api/overview").json();
      assertThat(none.getBoolean("enabled")).isFalse();
      assertThat(none.getJsonArray("services")).isEmpty();
    } finally {
      off.close();
    }
  }
}
