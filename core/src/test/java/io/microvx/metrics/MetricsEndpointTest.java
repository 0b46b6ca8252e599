package io.microvx.metrics;

import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.RawHttp;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener of {@code metrics_address}: Prometheus' format, loopback by default, a token beyond it. */
class MetricsEndpointTest {

  private static final String TOKEN = "0123456789abcdef0123";

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aServiceWithAMetricsAddressServesPrometheusTextThere() throws Exception {
    MicroService greeter = TestServices.start(vertx, registry, "greeter", b -> b
      .handler(new Greeting.Say())
      .set("metrics_address", "127.0.0.1:0"));
    Await.result(greeter.client().call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class));

    HttpResponse<String> response = get(greeter.metricsPort(), "/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Metrics.CONTENT_TYPE);
    assertThat(Scrapes.value(response.body(), "micro_server_requests_seconds_count",
      "service", "greeter", "endpoint", "Say.Hello", "status", "200")).isEqualTo(1.0);
    assertThat(response.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds");
    assertThat(get(greeter.metricsPort(), "/other", null).statusCode()).isEqualTo(404);
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + greeter.metricsPort() + "/metrics"))
      .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
      .isEqualTo(405);
  }

  @Test
  void onLoopbackARequestForAnotherHostIsRefused() throws Exception {
    MicroService greeter = TestServices.start(vertx, registry, "greeter", b -> b
      .handler(new Greeting.Say())
      .set("metrics_address", "127.0.0.1:0"));
    String answer = RawHttp.exchange(greeter.metricsPort(),
      "GET /metrics HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 403");
  }

  @Test
  void withATokenEveryScrapeMustCarryIt() throws Exception {
    MicroService greeter = TestServices.start(vertx, registry, "greeter", b -> b
      .handler(new Greeting.Say())
      .set("metrics_address", "127.0.0.1:0")
      .set("metrics_token", TOKEN));
    assertThat(get(greeter.metricsPort(), "/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get(greeter.metricsPort(), "/metrics", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
    assertThat(get(greeter.metricsPort(), "/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void listeningBeyondLoopbackWithoutATokenFailsTheStartSayingWhy() {
    MicroService greeter = MicroService.builder(vertx).name("greeter").address("127.0.0.1:0").registry(registry)
      .set("broker", "memory")
      .set("metrics_address", "0.0.0.0:0")
      .handler(new Greeting.Say())
      .build();
    Throwable failure = Await.failure(greeter.start());
    assertThat(failure).hasMessageContaining("metrics_token");
    assertThat(Await.result(registry.getService("greeter"))).as("nothing registered").isEmpty();
  }

  @Test
  void aTooShortTokenIsRefusedWhenTheOptionsAreRead() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new MetricsOptions().setToken("short")))
      .hasMessageContaining("metrics_token is too short");
  }
}
