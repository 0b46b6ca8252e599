package io.microvx.gateway;

import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.RealServers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus scrapes a greeter (on its {@code metrics_address}) and the gateway in front of it (its
 * {@code /metrics}); its own query API then returns the calls each made. Prometheus finds the two through a
 * targets file this test writes, labelled with a run id of its own so other runs' series do not count.
 */
class PrometheusScrapeTest {

  private static final Duration SCRAPED = Duration.ofSeconds(60);

  private final GatewayFixture fx = new GatewayFixture();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String run = UUID.randomUUID().toString();
  private Path targets;

  @AfterEach
  void close() throws IOException {
    if (targets != null) {
      Files.deleteIfExists(targets);
    }
    fx.close();
  }

  @Test
  void prometheusQueriesCountEveryCallTheGreeterServedAndTheGatewayRouted() throws Exception {
    String prometheus = RealServers.prometheus();
    MicroService greeter = fx.service("greeter", b -> b
      .handler(new Greeting.Say())
      .set("metrics_address", "127.0.0.1:0"));
    fx.start(new GatewayOptions());
    fx.awaitRouted("/greeter/say/hello");
    for (int i = 0; i < 5; i++) {
      assertThat(fx.post("/greeter/say/hello", "{\"name\":\"Ada\"}").status()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      Await.result(greeter.client().call("greeter", "Say.Hello", new Greeting.Request("Bo"), Greeting.Response.class));
    }

    targets = RealServers.prometheusTargets().resolve("gateway-" + run + ".json");
    JsonArray config = new JsonArray().add(new JsonObject()
      .put("targets", new JsonArray().add("127.0.0.1:" + greeter.metricsPort()).add("127.0.0.1:" + fx.gateway.port()))
      .put("labels", new JsonObject().put("run", run)));
    Path written = Files.writeString(targets.resolveSibling(targets.getFileName() + ".tmp"), config.encode());
    Files.move(written, targets); // whole, so Prometheus never reads half a file

    // the gateway's first GETs, made until it routed the path, reached the greeter too
    long greeted = greeter.metrics().registry().get("micro.server.requests")
      .tags("endpoint", "Say.Hello", "status", "200").timer().count();
    assertThat(greeted).as("the greeter's own count").isGreaterThanOrEqualTo(8);
    String served = "sum(micro_server_requests_seconds_count{run=\"" + run
      + "\",service=\"greeter\",endpoint=\"Say.Hello\",status=\"200\"})";
    Await.until("Prometheus to hold the greeter's " + greeted + " calls", SCRAPED,
      () -> query(prometheus, served) == greeted);
    // the gateway's client calls the greeter too: only the greeter's own count is wanted here
    String called = "sum(micro_client_calls_seconds_count{run=\"" + run + "\",instance=\"127.0.0.1:"
      + greeter.metricsPort() + "\",service=\"greeter\",status=\"200\"})";
    Await.until("Prometheus to hold the greeter's 3 calls of itself", SCRAPED, () -> query(prometheus, called) == 3);
    String routed = "sum(micro_api_requests_seconds_count{run=\"" + run + "\",method=\"POST\",status=\"200\"})";
    Await.until("Prometheus to hold the gateway's 5 requests", SCRAPED, () -> query(prometheus, routed) == 5);

    double p99 = query(prometheus, "histogram_quantile(0.99, sum by (le) (micro_server_requests_seconds_bucket{run=\""
      + run + "\"}))");
    assertThat(p99).as("the p99 Prometheus computes from the greeter's buckets").isPositive().isLessThanOrEqualTo(10);
  }

  /** The single value an instant query returns; NaN when it returns no series (not scraped yet). */
  private double query(String prometheus, String promql) {
    try {
      URI uri = URI.create("http://" + prometheus + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonArray result = new JsonObject(response.body()).getJsonObject("data").getJsonArray("result");
      return result.isEmpty() ? Double.NaN : Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
    } catch (IOException e) {
      throw new AssertionError("Prometheus did not answer at " + prometheus, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
