package io.microvx.cli;

import io.microvx.bot.BotOptions;
import io.microvx.bot.BotVerticle;
import io.microvx.broker.Broker;
import io.microvx.client.Client;
import io.microvx.config.MicroConfig;
import io.microvx.gateway.GatewayOptions;
import io.microvx.gateway.GatewayVerticle;
import io.microvx.plugin.BrokerProvider;
import io.microvx.plugin.Plugins;
import io.microvx.plugin.RegistryProvider;
import io.microvx.proxy.server.ProxyOptions;
import io.microvx.proxy.server.ProxyVerticle;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.vertx.VertxCluster;
import io.microvx.registry.vertx.VertxDiscoveryOptions;
import io.microvx.transport.Transport;
import io.microvx.web.WebDashboardOptions;
import io.microvx.web.WebDashboardVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "server", description = {"Run a local environment: registry, broker, proxy (:8081), API gateway (:8080)",
  "and web dashboard (:8082).",
  "The registry and broker are in memory unless told otherwise; the proxy serves them, so services started",
  "elsewhere find each other and `micro call` reaches them. Stops cleanly on Ctrl-C or SIGTERM."},
  footer = {"", "Examples:", "  micro server", "  micro server --broker http --transport http",
    "  micro server --registry NAME --registry_address ADDRESS",
    "  micro server --cluster --cluster_members 127.0.0.1:5701",
    "  micro server --proxy_address 0.0.0.0:8081 --proxy_token \"$(openssl rand -hex 16)\"",
    "  micro server --web_address 0.0.0.0:8082 --web_auth_token \"$(openssl rand -hex 16)\"",
    "  micro server --cors_allowed_origins=https://app.example.com",
    "  MICRO_WEBHOOK_TOKEN=\"$(openssl rand -hex 16)\" micro server --bot --bot_inputs webhook",
    "Options of the gateway (docs/gateway.md), the dashboard (docs/dashboard.md), the bot (docs/bot.md) and the plugins go as flags too."})
final class ServerCommand implements Callable<Integer> {

  /** Joining a cluster waits for Hazelcast to start and find its members: seconds on a small machine. */
  private static final Duration CLUSTER_JOIN = Duration.ofSeconds(90);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--registry", paramLabel = "NAME", description = "Registry plugin (default ${DEFAULT-VALUE}).",
    defaultValue = "${env:MICRO_REGISTRY:-memory}")
  String registry;

  @Option(names = {"--registry_address", "--registry-address"}, paramLabel = "ADDRESS",
    defaultValue = "${env:MICRO_REGISTRY_ADDRESS}", description = "Where the registry plugin connects.")
  String registryAddress;

  @Option(names = "--broker", paramLabel = "NAME", description = "Broker plugin (default ${DEFAULT-VALUE}).",
    defaultValue = "${env:MICRO_BROKER:-memory}")
  String broker;

  @Option(names = {"--broker_address", "--broker-address"}, paramLabel = "ADDRESS",
    defaultValue = "${env:MICRO_BROKER_ADDRESS}", description = "Where the broker plugin listens or connects.")
  String brokerAddress;

  @Option(names = "--transport", paramLabel = "NAME", description = "Transport plugin the proxy, gateway and dashboard call"
    + " services with (env MICRO_TRANSPORT, default ${DEFAULT-VALUE}).", defaultValue = "${env:MICRO_TRANSPORT:-http}")
  String transport;

  @Option(names = {"--api_address", "--api-address"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
    description = "Where the API gateway listens (default ${DEFAULT-VALUE}).")
  String apiAddress;

  @Option(names = "--no-api", description = "Run without the API gateway.")
  boolean noApi;

  @Option(names = {"--web_address", "--web-address"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8082",
    description = "Where the web dashboard listens (default ${DEFAULT-VALUE}; beyond loopback it needs --web_auth_token).")
  String webAddress;

  @Option(names = {"--web_auth_token", "--web-auth-token"}, paramLabel = "TOKEN", defaultValue = "${env:MICRO_WEB_AUTH_TOKEN}",
    description = "A token to sign in to the web dashboard with.")
  String webAuthToken;

  @Option(names = "--no-web", description = "Run without the web dashboard.")
  boolean noWeb;

  @Option(names = "--bot", description = {"Run the bot too (off by default): its inputs from --bot_inputs or MICRO_BOT_INPUTS,",
    "their options from MICRO_* variables (see docs/bot.md)."})
  boolean bot;

  @Option(names = {"--bot_inputs", "--bot-inputs"}, paramLabel = "NAME,...", defaultValue = "${env:MICRO_BOT_INPUTS}",
    description = "The bot's chats: webhook, telegram, xmpp, slack.")
  String botInputs;

  @Option(names = "--cluster", description = {"Join a Vert.x cluster (Hazelcast, members found by TCP, never multicast)",
    "and keep the registry in it (registry vertx unless --registry says otherwise), so several micro servers",
    "share one registry (env MICRO_CLUSTER)."})
  boolean cluster;

  @Option(names = {"--cluster_host", "--cluster-host"}, paramLabel = "IP",
    description = "The address this member binds and is reached at (env MICRO_CLUSTER_HOST, default 127.0.0.1).")
  String clusterHost;

  @Option(names = {"--cluster_port", "--cluster-port"}, paramLabel = "PORT",
    description = "The first port the member tries, taken ones skipped upwards (env MICRO_CLUSTER_PORT, default 5701; 0 any).")
  String clusterPort;

  @Option(names = {"--cluster_members", "--cluster-members"}, paramLabel = "HOST[:PORT],...",
    description = "Members to join (env MICRO_CLUSTER_MEMBERS, default: this host's cluster ports).")
  String clusterMembers;

  /** The gateway's, dashboard's and plugins' other options ({@code --cors_allowed_origins=...}), checked by {@link Flags}. */
  @CommandLine.Unmatched
  List<String> flags = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    GlobalOptions global = ((Micro) spec.root().userObject()).global;
    if (registry.equalsIgnoreCase("proxy") || broker.equalsIgnoreCase("proxy")) {
      throw new IllegalArgumentException("micro server serves the registry and broker itself, not through a proxy: pick a registry ("
        + notProxy(Plugins.available(RegistryProvider.class)) + ") and a broker (" + notProxy(Plugins.available(BrokerProvider.class)) + ")");
    }
    JsonObject config = config(System.getenv());
    VertxDiscoveryOptions clusterOptions = clusterOptions(config);
    refuseSharedPorts(global.proxyAddress);
    long began = System.nanoTime();
    return Foreground.run("server", () -> {
      Vertx vertx = clusterOptions == null ? Vertx.vertx() : Session.await(VertxCluster.start(clusterOptions), CLUSTER_JOIN);
      if (clusterOptions != null) {
        System.out.printf("cluster %s: member %s of %d%n", clusterOptions.getClusterName(), VertxCluster.memberAddress(vertx),
          VertxCluster.memberCount(vertx));
      }
      WebDashboardOptions web = noWeb ? null : new WebDashboardOptions(config).setAddress(webAddress).setAuthToken(webAuthToken);
      Running running = start(vertx, config, new ProxyOptions(config).setAddress(global.proxyAddress).setToken(global.proxyToken),
        noApi ? null : apiAddress, web, bot ? new BotOptions(config) : null);
      System.out.printf("registry %s, broker %s, transport %s%n", running.registry.name(), running.broker.name(),
        running.transport.name());
      if (running.gateway != null) {
        System.out.printf("api gateway listening on %s%n", running.gatewayAddress());
      }
      if (running.web != null) {
        System.out.printf("web dashboard listening on %s%n", running.web.address());
      }
      if (running.bot != null) {
        System.out.printf("bot listening on %s%n", String.join(", ", running.bot.options().getInputs()));
      }
      System.out.printf("proxy listening on %s (ready in %d ms)%n", running.proxyAddress(),
        (System.nanoTime() - began) / 1_000_000);
      System.out.flush();
      return () -> {
        System.out.println("micro server stopping");
        return running.stop().eventually(vertx::close).onSuccess(v -> System.out.println("micro server stopped"));
      };
    });
  }

  /** The flat options of the server: the environment's, then the flags; {@code --cluster} makes the registry {@code vertx} when it was left at memory. */
  JsonObject config(java.util.Map<String, String> env) {
    JsonObject config = MicroConfig.load(new JsonObject(), env, List.of()).mergeIn(Flags.parse(spec.commandLine(), flags))
      .put("registry", registry).put("broker", broker).put("transport", transport).put("server_address", "127.0.0.1:0");
    // its parts are services of one process: one metrics_address (a MICRO_METRICS_ADDRESS exported for the
    // services beside it) would be bound by each of them, so they report through Debug.Stats and the gateway
    config.remove("metrics_address");
    if (registryAddress != null) {
      config.put("registry_address", registryAddress);
    }
    if (brokerAddress != null) {
      config.put("broker_address", brokerAddress);
    }
    if (cluster) {
      config.put("cluster", "true");
    }
    putIfSet(config, "bot_inputs", botInputs);
    putIfSet(config, "cluster_host", clusterHost);
    putIfSet(config, "cluster_port", clusterPort);
    putIfSet(config, "cluster_members", clusterMembers);
    if (clusterOptions(config) != null && registry.equalsIgnoreCase("memory")) {
      config.put("registry", "vertx");
    }
    return config;
  }

  /** The cluster to join, or null without {@code --cluster}; a bad cluster option fails here, in one line. */
  static VertxDiscoveryOptions clusterOptions(JsonObject config) {
    VertxDiscoveryOptions options = new VertxDiscoveryOptions(config);
    return options.isCluster() ? options : null;
  }

  private static void putIfSet(JsonObject config, String key, String value) {
    if (value != null) {
      config.put(key, value);
    }
  }

  private static String notProxy(java.util.Set<String> names) {
    java.util.Set<String> others = new java.util.TreeSet<>(names);
    others.remove("proxy");
    return String.join(", ", others);
  }

  /**
   * Two parts on one port would not fail: Vert.x shares a port between servers of one instance and
   * takes turns, so the proxy and the gateway would answer each other's requests. Refused up front.
   */
  private void refuseSharedPorts(String proxyAddress) {
    java.util.Map<String, String> byPort = new java.util.LinkedHashMap<>();
    byPort.put(portOf(proxyAddress), "--proxy_address");
    check(byPort, noApi ? null : apiAddress, "--api_address");
    check(byPort, noWeb ? null : webAddress, "--web_address");
  }

  private void check(java.util.Map<String, String> byPort, String address, String option) {
    if (address == null) {
      return;
    }
    String port = portOf(address);
    String other = byPort.putIfAbsent(port, option);
    if (other != null && !port.equals("0")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
        option + " and " + other + " both use port " + port + ": give each part its own port");
    }
  }

  private static String portOf(String address) {
    return address.substring(address.lastIndexOf(':') + 1);
  }

  /** What micro server runs, and how to stop it. */
  record Running(Vertx vertx, Registry registry, Broker broker, Transport transport, Client client, ProxyVerticle proxy,
                 GatewayVerticle gateway, WebDashboardVerticle web, BotVerticle bot, List<String> deployments) {
    String proxyAddress() {
      return proxy.address();
    }

    String gatewayAddress() {
      return gateway.gateway().options().getAddress().replaceAll(":\\d+$", "") + ":" + gateway.gateway().port();
    }

    /** Stops taking requests first (dashboard, gateway, then proxy), then lets go of the broker and registry. */
    Future<Void> stop() {
      Future<Void> undeployed = Future.succeededFuture();
      for (int i = deployments.size() - 1; i >= 0; i--) {
        String id = deployments.get(i);
        undeployed = undeployed.eventually(() -> vertx.undeploy(id));
      }
      return undeployed.eventually(() -> Future.all(broker.disconnect(), client.close(), registry.close()).mapEmpty());
    }
  }

  /** Starts the parts; a null {@code botOptions} leaves the bot off. */
  static Running start(Vertx vertx, JsonObject config, ProxyOptions proxyOptions, String apiAddress, WebDashboardOptions webOptions,
                       BotOptions botOptions) {
    Registry registry = Plugins.registry(vertx, config.getString("registry"), config);
    // a registry that cannot be reached or refuses the credentials is said at once, in one line
    Session.await(registry.listServices(), Duration.ofSeconds(30));
    Broker broker = Plugins.broker(vertx, config.getString("broker"), Registry.cached(vertx, registry, new CacheOptions()), config);
    Transport transport = Plugins.transport(vertx, config.getString("transport"), config);
    Client client = Client.builder(vertx)
      .registry(Registry.cached(vertx, registry, new CacheOptions()))
      .transport(transport)
      .broker(broker)
      .build();
    ProxyVerticle proxy = new ProxyVerticle(registry, client, broker, proxyOptions);
    List<String> deployments = new java.util.ArrayList<>();
    Session.await(broker.connect(), Duration.ofSeconds(30));
    deployments.add(Listening.await(vertx.deployVerticle(proxy), "the proxy", "--proxy_address", proxyOptions.getAddress()));
    GatewayVerticle gateway = null;
    if (apiAddress != null) {
      gateway = new GatewayVerticle(builder -> builder.config(config)
        .options(new GatewayOptions(config).setAddress(apiAddress).setEnableRpc(true))
        .registry(registry).broker(broker));
      deployments.add(Listening.await(vertx.deployVerticle(gateway), "the API gateway", "--api_address", apiAddress));
    }
    WebDashboardVerticle web = null;
    if (webOptions != null) {
      web = new WebDashboardVerticle(registry, client, webOptions);
      deployments.add(Listening.await(vertx.deployVerticle(web), "the web dashboard", "--web_address", webOptions.getAddress()));
    }
    BotVerticle bot = null;
    if (botOptions != null) {
      bot = new BotVerticle(registry, client, botOptions);
      deployments.add(Session.await(vertx.deployVerticle(bot), Duration.ofSeconds(60)));
    }
    return new Running(vertx, registry, broker, transport, client, proxy, gateway, web, bot, deployments);
  }
}
