package io.microvx.cli;

import io.microvx.config.MicroConfig;
import io.microvx.gateway.GatewayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "api", description = {"Run the API gateway alone (default :8080).",
  "It finds services through micro server's proxy, or the registry named by --registry. Gateway options go",
  "as flags (see docs/gateway.md)."},
  footer = {"", "Examples:", "  micro api", "  micro api --api_address=0.0.0.0:8080 --api_open=true --enable_rpc=true",
    "  micro api --registry=NAME --registry_address=ADDRESS"})
final class ApiCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Unmatched
  List<String> flags = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    JsonObject config = MicroConfig.load(new JsonObject(), System.getenv(), List.of()).mergeIn(Flags.parse(spec.commandLine(), flags));
    return Foreground.run("api", () -> {
      Vertx vertx = Vertx.vertx();
      GatewayVerticle gateway = new GatewayVerticle();
      try {
        Listening.await(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)), "the API gateway", "--api_address",
          new io.microvx.gateway.GatewayOptions(config).getAddress());
      } catch (RuntimeException e) {
        Session.await(vertx.close(), Duration.ofSeconds(15));
        throw e;
      }
      System.out.printf("api gateway listening on port %d%n", gateway.gateway().port());
      System.out.flush();
      return vertx::close;
    });
  }
}
