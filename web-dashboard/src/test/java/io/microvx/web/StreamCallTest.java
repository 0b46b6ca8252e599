package io.microvx.web;

import io.microvx.testing.Await;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /_/api/stream}: a streaming endpoint's replies relayed as lines, its end, its error, its cancel. */
class StreamCallTest {

  private DashboardFixture fx;
  private final Counter counter = new Counter();

  @BeforeEach
  void start() {
    fx = new DashboardFixture();
    fx.service("counter", b -> b.handler(counter));
    fx.start();
    fx.awaitListed("counter");
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private DashboardFixture.Reply stream(String endpoint, JsonObject extra) {
    return fx.post("/_/api/stream", new JsonObject().put("service", "counter").put("endpoint", endpoint)
      .put("request", new JsonObject().put("count", 5)).mergeIn(extra));
  }

  private static List<JsonObject> lines(DashboardFixture.Reply reply) {
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/x-ndjson");
    assertThat(reply.body()).endsWith("\n");
    return reply.body().lines().map(JsonObject::new).toList();
  }

  @Test
  void eachReplyIsALineThenTheEndSaysHowItWent() {
    List<JsonObject> lines = lines(stream("Counter.Count", new JsonObject()));

    assertThat(lines).hasSize(6);
    for (int i = 0; i < 5; i++) {
      assertThat(lines.get(i)).isEqualTo(new JsonObject().put("reply", new JsonObject().put("n", i)));
    }
    JsonObject end = lines.get(5);
    assertThat(end.getBoolean("end")).isTrue();
    assertThat(end.getBoolean("ok")).isTrue();
    assertThat(end.getInteger("count")).isEqualTo(5);
    assertThat(end.getDouble("latencyMs")).isPositive();
    assertThat(end.containsKey("error")).isFalse();
  }

  @Test
  void aStreamThatFailsEndsWithTheServicesError() {
    List<JsonObject> lines = lines(stream("Counter.Failing", new JsonObject()));

    assertThat(lines).hasSize(3);
    JsonObject end = lines.get(2);
    assertThat(end.getBoolean("ok")).isFalse();
    assertThat(end.getInteger("count")).isEqualTo(2);
    assertThat(end.getJsonObject("error").getInteger("code")).isEqualTo(409);
    assertThat(end.getJsonObject("error").getString("detail")).contains("ran out at 2");
  }

  @Test
  void anUnknownEndpointOrNodeEndsAtOnceWithTheError() {
    List<JsonObject> unknown = lines(stream("Counter.Nope", new JsonObject()));
    assertThat(unknown).singleElement().satisfies(end -> {
      assertThat(end.getBoolean("ok")).isFalse();
      assertThat(end.getJsonObject("error").getInteger("code")).isEqualTo(404);
    });

    List<JsonObject> foreign = lines(stream("Counter.Count", new JsonObject().put("address", "10.1.2.3:80")));
    assertThat(foreign).singleElement().satisfies(end -> {
      assertThat(end.getJsonObject("error").getInteger("code")).isEqualTo(400);
      assertThat(end.getJsonObject("error").getString("detail")).contains("is not a node of service counter");
    });
  }

  @Test
  void aBadRequestIsRefusedBeforeAnythingIsOpened() {
    DashboardFixture.Reply reply = fx.post("/_/api/stream", new JsonObject().put("endpoint", "Counter.Count"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("detail")).isEqualTo("service is required");
  }

  @Test
  void theTimeoutEndsAnEndlessStream() {
    long began = System.nanoTime();
    List<JsonObject> lines = lines(stream("Counter.Forever", new JsonObject().put("timeout", 0.5)));
    long tookMs = (System.nanoTime() - began) / 1_000_000;

    JsonObject end = lines.get(lines.size() - 1);
    assertThat(end.getBoolean("end")).isTrue();
    assertThat(end.getBoolean("ok")).as("%s", end).isFalse();
    assertThat(end.getJsonObject("error").getInteger("code")).isEqualTo(408);
    assertThat(end.getInteger("count")).isEqualTo(lines.size() - 1).isPositive();
    assertThat(tookMs).isGreaterThanOrEqualTo(450);
    Await.until("the service to be told", counter.cancelled::get);
  }

  @Test
  void theTerminalPrintsAStreamALineAReply() {
    assertThat(fx.terminal("stream counter Counter.Count {\"count\":3}"))
      .isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n(3 replies)");
    assertThat(fx.terminal("stream counter Counter.Failing {}"))
      .isEqualTo("{\"n\":0}\n{\"n\":1}\nerror: ran out at 2 (409 Conflict)");

    String endless = fx.terminal("stream counter Counter.Forever");
    assertThat(endless.lines()).hasSize(101);
    assertThat(endless).endsWith("(stopped after 100 replies)");
    Await.until("the endless stream to be cancelled at the service", counter.cancelled::get);
  }

  @Test
  void thePageGoingAwayCancelsTheStreamAtTheService() {
    HttpClient http = fx.clientVertx.createHttpClient();
    StringBuffer seen = new StringBuffer();
    HttpClientRequest request = Await.result(http.request(new RequestOptions().setMethod(HttpMethod.POST)
      .setHost("127.0.0.1").setPort(fx.dashboard.port()).setURI("/_/api/stream")
      .putHeader("Content-Type", "application/json")));
    Await.result(request.send(new JsonObject().put("service", "counter").put("endpoint", "Counter.Forever")
      .put("request", new JsonObject()).toBuffer()).map(response -> response.handler(chunk -> seen.append(chunk))));
    Await.until("some replies", () -> seen.toString().lines().count() >= 3);
    assertThat(counter.cancelled).isFalse();

    Await.result(request.connection().close());
    Await.until("the stream to be cancelled at the service", counter.cancelled::get);
    Await.result(http.close());
  }
}
