package io.microvx.bench.gateway;

import io.microvx.bench.rpc.Payload;
import io.microvx.codec.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ways to the greeter's {@code Say.Hello} that the gateway scenario loads, and a check that each
 * really answers: wrk counts any 2xx as served, and the greeter reports its errors as a 200 with an empty
 * body and a {@code Micro-Error} header (go-micro's wire), so a mistake in a route would go unseen.
 */
final class Routes {

  /** What every request carries: the 108-byte JSON the other scenarios send. */
  static final String BODY = json(Payload.SAMPLE);

  /** What the greeter answers it. */
  static final String REPLY = "{\"msg\":\"Hello " + Payload.SAMPLE.name() + "\"}";

  /** The gateway's path for {@code greeter}'s {@code Say.Hello} (nginx and HAProxy are configured with the same). */
  static final String PATH = "/greeter/say/hello";

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();

  private Routes() {
  }

  /**
   * {@code direct}: go-micro's http transport wire, {@code POST /} with the {@code Micro-Service} and
   * {@code Micro-Endpoint} headers, as our client sends; {@code gateway}, {@code nginx}, {@code haproxy} and
   * {@code spring-cloud-gateway} (when given): a plain {@code POST /greeter/say/hello} as a browser or
   * {@code curl} would send it.
   */
  static List<GatewayScenario.Route> of(String greeter, ProcessHandle greeterProcess, String gateway,
                                        ProcessHandle gatewayProcess, PeerProcess nginx, PeerProcess haproxy,
                                        PeerProcess springCloudGateway) {
    Map<String, String> wire = new LinkedHashMap<>();
    wire.put("Content-Type", "application/json");
    wire.put("Micro-Service", "greeter");
    wire.put("Micro-Endpoint", "Say.Hello");
    Map<String, String> edge = Map.of("Content-Type", "application/json");
    List<GatewayScenario.Route> routes = new ArrayList<>(List.of(
      new GatewayScenario.Route("direct", new Wrk.Request("http://" + greeter + "/", BODY, wire),
        List.of(greeterProcess)),
      new GatewayScenario.Route("gateway", new Wrk.Request("http://" + gateway + PATH, BODY, edge),
        List.of(gatewayProcess, greeterProcess)),
      through("nginx", nginx, greeterProcess, edge),
      through("haproxy", haproxy, greeterProcess, edge)));
    if (springCloudGateway != null) {
      routes.add(through(SpringCloudGateway.NAME, springCloudGateway, greeterProcess, edge));
    }
    return List.copyOf(routes);
  }

  private static GatewayScenario.Route through(String name, PeerProcess peer, ProcessHandle greeterProcess,
                                               Map<String, String> headers) {
    List<ProcessHandle> processes = new ArrayList<>(peer.processes());
    processes.add(greeterProcess);
    return new GatewayScenario.Route(name, new Wrk.Request("http://127.0.0.1:" + peer.port() + PATH, BODY, headers),
      List.copyOf(processes));
  }

  /** Sends the route's request once and fails unless the greeter's reply comes back. */
  static void check(GatewayScenario.Route route) throws IOException, InterruptedException {
    Wrk.Request request = route.request();
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url()))
      .timeout(Duration.ofSeconds(10))
      .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    request.headers().forEach(builder::header);
    HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    String error = response.headers().firstValue("Micro-Error").orElse(null);
    if (response.statusCode() != 200 || error != null || !REPLY.equals(response.body().trim())) {
      throw new IllegalStateException(route.name() + " (" + request.url() + ") answered " + response.statusCode()
        + (error == null ? "" : " Micro-Error " + error) + ": " + response.body() + " instead of " + REPLY);
    }
  }

  private static String json(Payload payload) {
    try {
      return Json.mapper().writeValueAsString(payload);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
