package io.microvx.gateway;

import io.microvx.gateway.limit.RateLimits;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits, body limit, deadlines, unreachable nodes, health and metrics. */
class LimitsTest {

  /** Answers after a while, without blocking anything. */
  /** Never answers: only the gateway's deadline can end a call to it. */
  public static class Slow {
    Slow(Vertx vertx) {
    }

    public Future<Greeting.Response> wait(Greeting.Request request) {
      return Promise.<Greeting.Response>promise().future();
    }
  }

  private final GatewayFixture fx = new GatewayFixture();

  @BeforeEach
  void start() {
    fx.service("greeter", new Greeting.Say());
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  /** The buckets' clock: it moves only when a test says so, so a slow machine refills nothing. */
  private final AtomicLong nanos = new AtomicLong();

  private void startLimited(RateLimitOptions rate) {
    GatewayOptions options = new GatewayOptions().setRate(rate);
    fx.start(options, builder -> builder.limits(RateLimits.create(rate, GatewayRouter::label, nanos::get)));
  }

  @Test
  void clientBucketEmptiesThenRefills() {
    startLimited(new RateLimitOptions().setClient(2).setClientBurst(3));
    for (int i = 0; i < 3; i++) {
      assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).isEqualTo(200);
    }
    GatewayFixture.Reply refused = fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).as("a token comes every half second: wait 1 s").isEqualTo("1");
    assertThat(new JsonObject(refused.body()).getMap()).containsEntry("code", 429).containsEntry("id", "go.micro.api");
    nanos.addAndGet(Duration.ofMillis(499).toNanos());
    assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).as("before the token").isEqualTo(429);
    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).as("the token after 500 ms").isEqualTo(200);
    assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).as("only one").isEqualTo(429);
  }

  @Test
  void routeBucketIsPerRoute() {
    fx.service("other", new Greeting.Say());
    startLimited(new RateLimitOptions().setRoute(0.5).setRouteBurst(1));
    assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).isEqualTo(200);
    assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).isEqualTo(429);
    // another route has a bucket of its own
    assertThat(fx.post("/other/say/hello", "{\"name\":\"Ada\"}").status()).isEqualTo(200);
  }

  @Test
  void oversizedBodiesAre413() {
    fx.start(new GatewayOptions().setMaxBodySize(1024));
    GatewayFixture.Reply declared = fx.send(HttpMethod.POST, "/greeter/say/hello",
      Map.of("Content-Type", "application/json"), Buffer.buffer("{\"name\":\"" + "x".repeat(2000) + "\"}"));
    assertThat(declared.status()).isEqualTo(413);
    assertThat(new JsonObject(declared.body()).getInteger("code")).isEqualTo(413);
    // chunked, no length declared: refused once it passes the limit
    int status = Await.result(fx.clientVertx.createHttpClient()
      .request(HttpMethod.POST, fx.gateway.port(), "127.0.0.1", "/greeter/say/hello")
      .compose(req -> {
        req.setChunked(true).putHeader("Content-Type", "application/json");
        req.write("{\"name\":\"");
        for (int i = 0; i < 10; i++) {
          req.write("y".repeat(500));
        }
        return req.end("\"}").compose(v -> req.response()).map(r -> r.statusCode());
      }));
    assertThat(status).isEqualTo(413);
    // and the gateway goes on serving
    assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).isEqualTo(200);
  }

  @Test
  void slowServiceIs504() {
    fx.service("slow", new Slow(fx.services));
    fx.start(new GatewayOptions().setTimeout(Duration.ofMillis(300)));
    GatewayFixture.Reply reply = fx.post("/slow/slow/wait", "{}");
    assertThat(reply.status()).isEqualTo(504);
    assertThat(new JsonObject(reply.body()).getMap()).containsEntry("code", 504).containsEntry("id", "go.micro.api");
  }

  @Test
  void onlyNodeGoneIs503() {
    Vertx elsewhere = Vertx.vertx();
    MicroService doomed = TestServices.start(elsewhere, fx.registry, "doomed", new Greeting.Say());
    assertThat(doomed.server().address()).isNotNull();
    fx.start(new GatewayOptions());
    assertThat(fx.post("/doomed/say/hello", "{\"name\":\"Ada\"}").status()).isEqualTo(200);
    // the process dies without deregistering: its node stays in the registry, nothing answers there
    Await.result(elsewhere.close());
    GatewayFixture.Reply reply = fx.post("/doomed/say/hello", "{\"name\":\"Ada\"}");
    assertThat(reply.status()).isEqualTo(503);
    assertThat(new JsonObject(reply.body()).getMap()).containsEntry("code", 503).containsEntry("id", "go.micro.api");
  }

  @Test
  void healthAndPerRouteMetrics() {
    fx.start(new GatewayOptions());
    assertThat(fx.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
    fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}");
    fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}");
    fx.post("/nowhere/x/y", "{}");
    String metrics = fx.get("/metrics").body();
    assertThat(metrics).contains(
      "micro_api_requests_seconds_count{method=\"POST\",route=\"greeter/Say.Hello\",status=\"200\"} 2",
      "micro_api_requests_seconds_count{method=\"POST\",route=\"unrouted\",status=\"404\"} 1",
      "micro_api_requests_seconds_bucket{method=\"POST\",route=\"greeter/Say.Hello\",status=\"200\",le=\"5.0\"} 2");
  }
}
