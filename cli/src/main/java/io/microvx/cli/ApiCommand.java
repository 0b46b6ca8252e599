package io.microvx.cli;

import io.microvx.config.MicroConfig;
import io.microvx.gateway.GatewayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "api", description = {"Run the API gateway alone (default :8080).",
  "It finds services through micro server's proxy, or the registry named by --registry. Gateway options go",
  "as flags (see docs/gateway.md)."},
  footer = {"", "Examples:", "  micro api", "  micro api --api_address=0.0.0.0:8080 --enable_rpc=true",
    "  micro api --registry=etcd --registry_address=127.0.0.1:2379"})
final class ApiCommand implements Callable<Integer> {

  @Unmatched
  List<String> flags = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    JsonObject config = MicroConfig.load(new JsonObject(), System.getenv(), flags);
    Vertx vertx = Vertx.vertx();
    GatewayVerticle gateway = new GatewayVerticle();
    Session.await(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)), Duration.ofSeconds(30));
    System.out.printf("api gateway listening on port %d%n", gateway.gateway().port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      int status = 0;
      try {
        Session.await(vertx.close(), Duration.ofSeconds(15));
      } catch (RuntimeException e) {
        status = 1;
      } finally {
        stopped.countDown();
      }
      Runtime.getRuntime().halt(status);
    }, "micro-api-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
