package io.microvx.registry.consul.fake;

import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake answers as a Consul agent does, on the calls the registry makes (plain HTTP, no plugin). */
class FakeConsulTest {

  private static final String TOKEN = "b1gs3cr3t";
  private Vertx vertx;
  private WebClient http;
  private FakeConsul consul;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    consul = FakeConsul.start(FakeClock.manual(), null);
  }

  @AfterEach
  void stop() {
    consul.close();
    Await.result(vertx.close());
  }

  private HttpResponse<Buffer> call(HttpMethod method, String uri, String body, String token) {
    var request = http.request(method, consul.port(), "127.0.0.1", uri);
    if (token != null) {
      request.putHeader("X-Consul-Token", token);
    }
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
    return Await.result(sent);
  }

  private HttpResponse<Buffer> put(String uri, String body) {
    return call(HttpMethod.PUT, uri, body, null);
  }

  private HttpResponse<Buffer> get(String uri) {
    return call(HttpMethod.GET, uri, null, null);
  }

  private static String registration(String id, String ttl) {
    JsonObject json = new JsonObject().put("ID", id).put("Name", "web").put("Tags", new JsonArray().add("v-00"))
      .put("Address", "10.0.0.1").put("Port", 8080);
    if (ttl != null) {
      json.put("Check", new JsonObject().put("TTL", ttl).put("DeregisterCriticalServiceAfter", "1m5s"));
    }
    return json.encode();
  }

  private static long index(HttpResponse<Buffer> response) {
    return Long.parseLong(response.getHeader("X-Consul-Index"));
  }

  @Test
  void unknownCheckAndServiceIdsAre404WithConsulsText() {
    HttpResponse<Buffer> pass = put("/v1/agent/check/pass/service:nobody", null);
    assertThat(pass.statusCode()).isEqualTo(404);
    assertThat(pass.bodyAsString()).isEqualTo(
      "Unknown check ID \"service:nobody\". Ensure that the check ID is passed, not the check name.");
    HttpResponse<Buffer> deregister = put("/v1/agent/service/deregister/nobody", null);
    assertThat(deregister.statusCode()).isEqualTo(404);
    assertThat(deregister.bodyAsString()).startsWith("Unknown service ID \"nobody\"");
    assertThat(get("/v1/agent/service/register").statusCode()).as("wrong method").isEqualTo(405);
  }

  @Test
  void aTtlCheckStartsCriticalAndPassingMakesItHealthy() {
    assertThat(put("/v1/agent/service/register", registration("web-1", "10s")).statusCode()).isEqualTo(200);
    assertThat(consul.checkStatus("service:web-1")).as("the default check id, critical until passed").isEqualTo("critical");
    assertThat(get("/v1/health/service/web?passing=1").bodyAsJsonArray()).isEmpty();
    assertThat(get("/v1/health/service/web").bodyAsJsonArray()).hasSize(1);

    assertThat(put("/v1/agent/check/pass/service:web-1", null).statusCode()).isEqualTo(200);
    JsonArray healthy = get("/v1/health/service/web?passing=1").bodyAsJsonArray();
    assertThat(healthy).hasSize(1);
    JsonObject entry = healthy.getJsonObject(0);
    assertThat(entry.getJsonObject("Service").getString("ID")).isEqualTo("web-1");
    assertThat(entry.getJsonObject("Service").getInteger("Port")).isEqualTo(8080);
    assertThat(entry.getJsonArray("Checks")).extracting(c -> ((JsonObject) c).getString("CheckID"))
      .containsExactly("serfHealth", "service:web-1");
    assertThat(get("/v1/catalog/services").bodyAsJsonObject().getJsonArray("web")).containsExactly("v-00");
  }

  @Test
  void indexesMoveOnRealChangesOnly() {
    put("/v1/agent/service/register", registration("web-1", "10s"));
    put("/v1/agent/check/pass/service:web-1", null);
    long before = consul.index();
    put("/v1/agent/service/register", registration("web-1", "10s"));
    put("/v1/agent/check/pass/service:web-1", null);
    assertThat(consul.index()).as("an unchanged registration and a pass of a passing check").isEqualTo(before);
    put("/v1/agent/service/register", registration("web-2", null));
    assertThat(consul.index()).isGreaterThan(before);
  }

  @Test
  void aBlockingQueryWaitsForTheIndexToMove() {
    put("/v1/agent/service/register", registration("web-1", null));
    long index = index(get("/v1/health/service/web"));
    Future<HttpResponse<Buffer>> blocked = http.get(consul.port(), "127.0.0.1",
      "/v1/health/service/web?index=" + index + "&wait=30s").send();
    // an unrelated service does not move web's index
    put("/v1/agent/service/register", new JsonObject().put("ID", "db-1").put("Name", "db").encode());
    assertThat(get("/v1/health/service/db").bodyAsJsonArray()).hasSize(1);
    assertThat(blocked.isComplete()).as("still held after another service changed").isFalse();

    put("/v1/agent/service/register", registration("web-2", null));
    HttpResponse<Buffer> answer = Await.result(blocked);
    assertThat(index(answer)).isGreaterThan(index);
    assertThat(answer.bodyAsJsonArray()).hasSize(2);
  }

  @Test
  void aBlockingQueryAnswersUnchangedWhenItsWaitEnds() {
    long index = index(get("/v1/catalog/services"));
    long began = System.nanoTime();
    HttpResponse<Buffer> answer = Await.result(http.get(consul.port(), "127.0.0.1",
      "/v1/catalog/services?index=" + index + "&wait=300ms").send());
    assertThat(Duration.ofNanos(System.nanoTime() - began)).as("held for the wait").isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(index(answer)).isEqualTo(index);
  }

  @Test
  void aLapsedTtlTurnsTheNodeCriticalThenItIsReaped() {
    put("/v1/agent/service/register", registration("web-1", "10s"));
    put("/v1/agent/check/pass/service:web-1", null);
    consul.advance(Duration.ofSeconds(9));
    assertThat(get("/v1/health/service/web?passing").bodyAsJsonArray()).as("within its TTL").hasSize(1);
    consul.advance(Duration.ofSeconds(2));
    assertThat(consul.checkStatus("service:web-1")).isEqualTo("critical");
    assertThat(get("/v1/health/service/web?passing").bodyAsJsonArray()).as("critical: not passing").isEmpty();
    assertThat(get("/v1/catalog/services").bodyAsJsonObject().containsKey("web")).as("still registered").isTrue();

    // critical since the TTL ran out (second 10): 64s critical at second 74
    consul.advance(Duration.ofSeconds(63));
    assertThat(get("/v1/catalog/services").bodyAsJsonObject().containsKey("web")).as("before 1m5s critical").isTrue();
    consul.advance(Duration.ofSeconds(2));
    assertThat(get("/v1/catalog/services").bodyAsJsonObject().containsKey("web")).as("reaped").isFalse();
    assertThat(put("/v1/agent/check/pass/service:web-1", null).statusCode()).as("its check went with it").isEqualTo(404);
  }

  @Test
  void aWrongTokenIsRefusedAndNoTokenIsAnonymous() {
    consul.close();
    consul = FakeConsul.start(FakeClock.manual(), TOKEN);
    HttpResponse<Buffer> wrong = call(HttpMethod.GET, "/v1/catalog/services", null, "not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.bodyAsString()).isEqualTo("ACL not found");
    HttpResponse<Buffer> anonymous = put("/v1/agent/service/register", registration("web-1", null));
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.bodyAsString()).startsWith("Permission denied");

    assertThat(call(HttpMethod.PUT, "/v1/agent/service/register", registration("web-1", null), TOKEN).statusCode()).isEqualTo(200);
    assertThat(get("/v1/health/service/web").bodyAsJsonArray()).as("anonymous reads are filtered").isEmpty();
    assertThat(call(HttpMethod.GET, "/v1/health/service/web", null, TOKEN).bodyAsJsonArray()).hasSize(1);
  }

  @Test
  void refusingKeepsTheStateForWhenItComesBack() {
    put("/v1/agent/service/register", registration("web-1", null));
    consul.refuse();
    // the open connection is closed; a new one is closed as it comes
    Await.failure(http.get(consul.port(), "127.0.0.1", "/v1/catalog/services").send());
    Await.failure(WebClient.create(vertx).get(consul.port(), "127.0.0.1", "/v1/catalog/services").send());
    assertThat(consul.refusedConnections()).isPositive();
    consul.accept();
    assertThat(get("/v1/health/service/web").bodyAsJsonArray()).hasSize(1);
  }

  @Test
  void anotherDatacenterHasNoPath() {
    HttpResponse<Buffer> answer = get("/v1/catalog/services?dc=dc9");
    assertThat(answer.statusCode()).isEqualTo(500);
    assertThat(answer.bodyAsString()).isEqualTo("No path to datacenter");
  }
}
