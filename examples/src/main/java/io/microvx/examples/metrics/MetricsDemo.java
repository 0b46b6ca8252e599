package io.microvx.examples.metrics;

import io.microvx.examples.greeter.GreeterClient;
import io.microvx.service.MicroService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A greeter whose metrics are served on an address of its own: starts it (in-memory registry and broker,
 * {@code metrics_address} 127.0.0.1 on a free port), greets three names, then reads its {@code /metrics} as
 * Prometheus would and prints the greeter's lines: the calls it served and the names' lengths.
 */
public final class MetricsDemo {

  private MetricsDemo() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      run(vertx).toCompletionStage().toCompletableFuture().get().forEach(System.out::println);
    } catch (Exception e) {
      System.err.println("metrics demo failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      System.exit(1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /** The lines of the greeter's {@code /metrics} about its calls and the names it greeted. */
  static Future<List<String>> run(Vertx vertx) {
    JsonObject config = new JsonObject()
      .put("server_address", "127.0.0.1:0")
      .put("registry", "memory").put("registry_address", "metrics-demo")
      .put("broker", "memory")
      .put("metrics_address", "127.0.0.1:0");
    // building finds plugins on the class path (files): a worker's job
    return vertx.executeBlocking(() -> {
      MicroService greeter = MicroService.builder(vertx).name("greeter").version("1.0.0").config(config).build();
      // the handler's meter goes in the service's registry, which exists once the service is built
      greeter.server().handle("Say", new MeteredGreeter(greeter.metrics().registry()));
      return greeter;
    }).compose(greeter -> greeter.start().map(greeter))
      .compose(greeter -> {
        GreeterClient client = new GreeterClient(greeter.client());
        return client.greet("Ada").compose(v -> client.greet("Grace")).compose(v -> client.greet("Barbara"))
          .compose(v -> scrape(vertx, greeter.metricsPort()));
      });
  }

  private static Future<List<String>> scrape(Vertx vertx, int port) {
    return vertx.createHttpClient()
      .request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
      .compose(request -> request.send())
      .compose(response -> response.body())
      .map(body -> body.toString().lines()
        .filter(line -> line.startsWith("micro_server_requests_seconds_count") || line.startsWith("greeter_name_length"))
        .toList());
  }
}
