package io.microvx.metrics;

import io.microvx.client.CallOptions;
import io.microvx.errors.MicroException;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What a service's meters count, read back in Prometheus' format and from Debug.Stats. */
class MetricsTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** Hello answers; Refuse fails with 400; Flaky fails its first call with 503, then answers. */
  public static class Desk {
    final AtomicInteger flaky = new AtomicInteger();

    public Greeting.Response hello(Greeting.Request request) {
      return new Greeting.Response("hello " + request.name());
    }

    public Greeting.Response refuse(Greeting.Request request) {
      throw MicroException.badRequest("desk", "no");
    }

    public Greeting.Response flaky(Greeting.Request request) {
      if (flaky.getAndIncrement() == 0) {
        throw MicroException.of("desk", 503, "busy", "Service Unavailable");
      }
      return new Greeting.Response("at last");
    }
  }

  /** Never answers: the call's deadline cancels it. */
  public static class Stall {
    public java.util.concurrent.CompletableFuture<Greeting.Response> hang(Greeting.Request request) {
      return new java.util.concurrent.CompletableFuture<>();
    }
  }

  /** Fails the first delivery of "bad", takes everything else. */
  public static class Inbox {
    final AtomicInteger bad = new AtomicInteger();
    final AtomicInteger taken = new AtomicInteger();

    public void take(Greeting.Request message) {
      if (message.name().equals("bad") && bad.getAndIncrement() == 0) {
        throw new IllegalStateException("not yet");
      }
      taken.incrementAndGet();
    }
  }

  private MicroService desk() {
    return TestServices.start(vertx, registry, "desk", b -> b.handler("Desk", new Desk()));
  }

  private MicroService caller() {
    return TestServices.start(vertx, registry, "caller", b -> { });
  }

  @Test
  void handlerCallsAreTimedByEndpointAndStatusAndDebugCallsAreNot() {
    MicroService desk = desk();
    MicroService caller = caller();
    for (int i = 0; i < 3; i++) {
      Await.result(caller.client().call("desk", "Desk.Hello", new Greeting.Request("Ada"), Greeting.Response.class));
    }
    Await.failure(caller.client().call("desk", "Desk.Refuse", new Greeting.Request("Ada"), Greeting.Response.class));
    Await.result(caller.client().call("desk", "Debug.Stats", new JsonObject(), JsonObject.class));

    String scrape = desk.metrics().scrape();
    assertThat(Scrapes.value(scrape, "micro_server_requests_seconds_count",
      "service", "desk", "endpoint", "Desk.Hello", "status", "200")).isEqualTo(3.0);
    assertThat(Scrapes.value(scrape, "micro_server_requests_seconds_count",
      "service", "desk", "endpoint", "Desk.Refuse", "status", "400")).isEqualTo(1.0);
    assertThat(Scrapes.value(scrape, "micro_server_requests_seconds_bucket",
      "endpoint", "Desk.Hello", "status", "200", "le", "+Inf")).isEqualTo(3.0);
    assertThat(scrape).doesNotContain("endpoint=\"Debug.Stats\"");
  }

  @Test
  void clientCallsCountTheCalledServiceAndEachAttemptFirstOrRetry() {
    desk();
    MicroService caller = caller();
    Greeting.Response reply = Await.result(caller.client().call("desk", "Desk.Flaky", new Greeting.Request("Ada"),
      Greeting.Response.class, new CallOptions().setRetries(1)));
    assertThat(reply.msg()).isEqualTo("at last");

    String scrape = caller.metrics().scrape();
    assertThat(Scrapes.value(scrape, "micro_client_calls_seconds_count",
      "service", "desk", "endpoint", "Desk.Flaky", "status", "200")).isEqualTo(1.0);
    assertThat(Scrapes.value(scrape, "micro_client_attempts_total",
      "endpoint", "Desk.Flaky", "status", "503", "attempt", "first")).isEqualTo(1.0);
    assertThat(Scrapes.value(scrape, "micro_client_attempts_total",
      "endpoint", "Desk.Flaky", "status", "200", "attempt", "retry")).isEqualTo(1.0);
    assertThat(Scrapes.value(scrape, "micro_client_retries_total")).isEqualTo(1.0);
  }

  @Test
  void publicationsAndDeliveriesAreCountedPerTopicWithTheirSettlement() {
    Inbox inbox = new Inbox();
    MicroService service = TestServices.start(vertx, registry, "inbox", b -> b
      .set("broker", "memory")
      .set("broker_retry_backoff", "10ms")
      .subscriber("letters", inbox));
    Await.result(service.client().publish("letters", new Greeting.Request("good")));
    Await.result(service.client().publish("letters", new Greeting.Request("bad")));
    // a delivery is counted as settled once its handler returned, a moment after it took the letter
    Await.until("both letters taken and settled", () -> inbox.taken.get() == 2
      && Scrapes.value(service.metrics().scrape(), "micro_broker_acked_total", "topic", "letters") == 2.0);

    String scrape = service.metrics().scrape();
    assertThat(Scrapes.value(scrape, "micro_broker_published_total", "topic", "letters", "status", "200"))
      .isEqualTo(2.0);
    assertThat(Scrapes.value(scrape, "micro_broker_delivered_total", "topic", "letters")).isEqualTo(3.0);
    assertThat(Scrapes.value(scrape, "micro_broker_redelivered_total", "topic", "letters")).isEqualTo(1.0);
    assertThat(Scrapes.value(scrape, "micro_broker_acked_total", "topic", "letters")).isEqualTo(2.0);
    assertThat(Scrapes.value(scrape, "micro_broker_nacked_total", "topic", "letters")).isEqualTo(1.0);

    JsonObject stats = Await.result(service.client().call("inbox", "Debug.Stats", new JsonObject(), JsonObject.class));
    JsonObject letters = stats.getJsonObject("metrics").getJsonObject("broker").getJsonObject("letters");
    assertThat(letters.getLong("published")).isEqualTo(2);
    assertThat(letters.getLong("delivered")).isEqualTo(3);
    assertThat(letters.getLong("nacked")).isEqualTo(1);
  }

  @Test
  void aCallCancelledByItsDeadlineIsCountedAs499NotAsAServerError() {
    MicroService stall = TestServices.start(vertx, registry, "stall", b -> b.handler("Stall", new Stall()));
    MicroService caller = caller();
    Await.failure(caller.client().call("stall", "Stall.Hang", new Greeting.Request("Ada"), Greeting.Response.class,
      new CallOptions().setTimeout(java.time.Duration.ofMillis(200)).setRetries(0)));
    Await.until("the cancelled call counted", () -> Scrapes.count(stall.metrics().scrape(),
      "micro_server_requests_seconds_count") > 0);
    String scrape = stall.metrics().scrape();
    assertThat(Scrapes.value(scrape, "micro_server_requests_seconds_count",
      "endpoint", "Stall.Hang", "status", "499")).isEqualTo(1.0);
    assertThat(scrape).doesNotContain("status=\"500\"");
  }

  @Test
  void endpointsNamedByCallersStopGrowingTheMetricsAtTheSeriesLimit() {
    desk();
    MicroService caller = TestServices.start(vertx, registry, "caller", b -> b.set("metrics_max_series", 2));
    for (int i = 0; i < 5; i++) {
      Await.failure(caller.client().call("desk", "Desk.Missing" + i, new Greeting.Request("Ada"),
        Greeting.Response.class));
    }
    String scrape = caller.metrics().scrape();
    assertThat(Scrapes.count(scrape, "micro_client_calls_seconds_count")).isEqualTo(2);
  }

  @Test
  void debugStatsSummarisesWhatTheServiceServedAndCalled() {
    MicroService desk = desk();
    MicroService caller = caller();
    Await.result(caller.client().call("desk", "Desk.Hello", new Greeting.Request("Ada"), Greeting.Response.class));
    Await.failure(caller.client().call("desk", "Desk.Refuse", new Greeting.Request("Ada"), Greeting.Response.class));

    JsonObject deskStats = Await.result(caller.client().call("desk", "Debug.Stats", new JsonObject(), JsonObject.class));
    JsonObject served = deskStats.getJsonObject("metrics").getJsonObject("server");
    assertThat(served.getJsonObject("Desk.Hello").getLong("requests")).isEqualTo(1);
    assertThat(served.getJsonObject("Desk.Refuse").getLong("errors")).isEqualTo(1);
    assertThat(served.getJsonObject("Desk.Hello").getJsonObject("buckets").getLong("10.0")).isEqualTo(1);

    JsonObject callerStats = Await.result(desk.client().call("caller", "Debug.Stats", new JsonObject(), JsonObject.class));
    JsonObject called = callerStats.getJsonObject("metrics").getJsonObject("client").getJsonObject("desk");
    assertThat(called.getJsonObject("Desk.Hello").getLong("calls")).isEqualTo(1);
    assertThat(called.getJsonObject("Desk.Refuse").getLong("errors")).isEqualTo(1);
    JsonObject deskNode = callerStats.getJsonObject("metrics").getJsonObject("selector").getJsonArray("desk").getJsonObject(0);
    assertThat(deskNode.getString("address")).isEqualTo(desk.server().address());
    assertThat(deskNode.getBoolean("ejected")).isFalse();
  }

  @Test
  void withMetricsOffNothingIsMeasuredAndStatsSaySo() {
    MicroService quiet = TestServices.start(vertx, registry, "quiet", b -> b.set("metrics", false)
      .handler("Desk", new Desk()));
    assertThat(quiet.metrics()).isNull();
    JsonObject stats = Await.result(quiet.client().call("quiet", "Debug.Stats", new JsonObject(), JsonObject.class));
    assertThat(stats.getValue("metrics")).isNull();
  }
}
