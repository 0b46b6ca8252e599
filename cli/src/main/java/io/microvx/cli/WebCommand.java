package io.microvx.cli;

import io.microvx.config.MicroConfig;
import io.microvx.web.WebDashboardVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "web", description = {"Run the web dashboard alone (default 127.0.0.1:8082).",
  "It finds services through micro server's proxy, or the registry named by --registry; /[name]/ is proxied to",
  "the web service go.micro.web.[name]. Dashboard options go as flags (see docs/dashboard.md)."},
  footer = {"", "Examples:", "  micro web", "  micro web --web_address=0.0.0.0:8082 --web_auth_token=\"$(openssl rand -hex 16)\"",
    "  micro web --registry=NAME --registry_address=ADDRESS"})
final class WebCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Unmatched
  List<String> flags = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    JsonObject config = MicroConfig.load(new JsonObject(), System.getenv(), List.of()).mergeIn(Flags.parse(spec.commandLine(), flags));
    return Foreground.run("web", () -> {
      Vertx vertx = Vertx.vertx();
      WebDashboardVerticle web = new WebDashboardVerticle();
      try {
        Listening.await(vertx.deployVerticle(web, new DeploymentOptions().setConfig(config)), "the web dashboard", "--web_address",
          new io.microvx.web.WebDashboardOptions(config).getAddress());
      } catch (RuntimeException e) {
        Session.await(vertx.close(), Duration.ofSeconds(15));
        throw e;
      }
      System.out.printf("web dashboard listening on %s%n", web.address());
      System.out.flush();
      return vertx::close;
    });
  }
}
