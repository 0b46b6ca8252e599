package io.microvx.cli;

import io.microvx.config.MicroConfig;
import io.microvx.plugin.BrokerProvider;
import io.microvx.plugin.Plugins;
import io.microvx.plugin.RegistryProvider;
import io.microvx.proxy.server.ProxyOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "proxy", description = {"Run the proxy alone (default 127.0.0.1:8081), as micro v1's `micro proxy`: the registry",
  "and broker of this environment over HTTP, and calls to its services, for the CLI and for services started",
  "with the proxy registry. No gateway, no dashboard. Stops cleanly on Ctrl-C or SIGTERM."},
  footer = {"", "Examples:", "  micro proxy", "  micro proxy --registry NAME --registry_address ADDRESS --broker NAME",
    "  micro proxy --proxy_address 0.0.0.0:8081 --proxy_token \"$(openssl rand -hex 16)\""})
final class ProxyServerCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--registry", paramLabel = "NAME", description = "Registry plugin (default ${DEFAULT-VALUE}).",
    defaultValue = "${env:MICRO_REGISTRY:-memory}")
  String registry;

  @Option(names = "--broker", paramLabel = "NAME", description = "Broker plugin (default ${DEFAULT-VALUE}).",
    defaultValue = "${env:MICRO_BROKER:-memory}")
  String broker;

  @Option(names = "--transport", paramLabel = "NAME", description = "Transport plugin services are called with (default ${DEFAULT-VALUE}).",
    defaultValue = "${env:MICRO_TRANSPORT:-http}")
  String transport;

  /** The plugins' options ({@code --registry_address}, {@code --etcd_timeout}, ...), checked by {@link Flags}. */
  @CommandLine.Unmatched
  List<String> flags = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    GlobalOptions global = ((Micro) spec.root().userObject()).global;
    if (registry.equalsIgnoreCase("proxy") || broker.equalsIgnoreCase("proxy")) {
      throw new IllegalArgumentException("micro proxy serves a registry and a broker, not another proxy's: pick a registry ("
        + String.join(", ", Plugins.available(RegistryProvider.class)) + ") and a broker ("
        + String.join(", ", Plugins.available(BrokerProvider.class)) + ")");
    }
    JsonObject config = MicroConfig.load(new JsonObject(), System.getenv(), List.of()).mergeIn(Flags.parse(spec.commandLine(), flags))
      .put("registry", registry).put("broker", broker).put("transport", transport).put("server_address", "127.0.0.1:0");
    return Foreground.run("proxy", () -> {
      Vertx vertx = Vertx.vertx();
      ServerCommand.Running running;
      try {
        running = ServerCommand.start(vertx, config, new ProxyOptions(config).setAddress(global.proxyAddress).setToken(global.proxyToken),
          null, null, null);
      } catch (RuntimeException e) {
        Session.await(vertx.close(), java.time.Duration.ofSeconds(15));
        throw e;
      }
      System.out.printf("registry %s, broker %s, transport %s%n", running.registry().name(), running.broker().name(),
        running.transport().name());
      System.out.printf("proxy listening on %s%n", running.proxyAddress());
      System.out.flush();
      return () -> running.stop().eventually(vertx::close);
    });
  }
}
