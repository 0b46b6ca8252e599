package io.microvx.gateway;

import io.microvx.client.Client;
import io.microvx.config.MicroOptions;
import io.microvx.gateway.handler.GatewayHandler;
import io.microvx.gateway.limit.RateLimits;
import io.microvx.gateway.metrics.GatewayMetrics;
import io.microvx.gateway.route.Resolver;
import io.microvx.gateway.route.Route;
import io.microvx.gateway.route.ServiceIndex;
import io.microvx.gateway.security.AccessControl;
import io.microvx.plugin.Plugins;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.security.Tls;
import io.microvx.selector.Selector;
import io.microvx.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The gateway's parts, wired from its options, and its lifecycle. */
final class DefaultGateway implements Gateway {

  private static final Logger log = LoggerFactory.getLogger(DefaultGateway.class);

  /** The metrics this gateway made itself (not shared with other instances), closed when it stops. */
  private final GatewayMetrics ownMetrics;
  /** The wrappers this gateway made itself (the wrapper plugins'), closed when it stops; null when given. */
  private final ServiceWrappers ownWrappers;
  private final Vertx vertx;
  private final GatewayOptions options;
  private final Registry backend;
  private final boolean ownsRegistry;
  private final CachingRegistry cache;
  private final Transport transport;
  private final boolean ownsTransport;
  private final Selector selector;
  private final Client client;
  private final HttpClient proxyClient;
  private final ServiceIndex index;
  private final Router router;
  private HttpServer server;

  DefaultGateway(Gateway.Builder builder, GatewayOptions options) {
    this.vertx = builder.vertx;
    this.options = options;
    MicroOptions micro = options.getMicro();
    JsonObject config = micro.toJson();
    this.backend = builder.registry != null ? builder.registry : Plugins.registry(vertx, micro.getRegistry(), config);
    this.ownsRegistry = builder.registry == null;
    this.cache = Registry.cached(vertx, backend, micro.getCache());
    this.transport = builder.transport != null ? builder.transport : Plugins.transport(vertx, micro.getTransport(), config);
    this.ownsTransport = builder.transport == null;
    this.selector = Plugins.selector(vertx, micro.getSelector(), cache, config);
    this.proxyClient = vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setDecompressionSupported(false)
        .setName("micro-api-proxy"),
      new PoolOptions().setHttp1MaxSize(micro.getHttpTransport().getPoolSize()));
    this.index = ServiceIndex.watching(vertx, backend, options.getRouteNamespace());
    GatewayMetrics metrics = builder.metrics != null ? builder.metrics
      : options.isMetrics() ? GatewayMetrics.prometheus() : null;
    this.ownMetrics = builder.metrics == null ? metrics : null;
    // the gateway's spans are named for its namespace, as its calls are (go.micro.api)
    ServiceWrappers wrappers = builder.wrappers != null ? builder.wrappers
      : Plugins.wrappers(vertx, config.copy().put("server_name", options.getNamespace()));
    this.ownWrappers = builder.wrappers == null ? wrappers : null;
    Client.Builder clients = Client.builder(vertx).selector(selector).transport(transport).options(micro.getClient());
    if (metrics != null) {
      clients.wrap(metrics.service().calls()).wrapAttempt(metrics.service().attempts());
    }
    clients.wrap(wrappers.call()).wrapAttempt(wrappers.attempt());
    this.client = clients.build();
    RateLimits limits = builder.limits != null ? builder.limits
      : RateLimits.create(options.getRate(), GatewayRouter::label);
    AccessControl access = AccessControl.create(vertx, options.getAuth(), ctx -> {
      Route route = GatewayRouter.route(ctx);
      return route != null && route.authRequired();
    });
    Resolver resolver = Resolver.micro(index, options.getNamespace(), options.getHandler(),
      builder.broker == null ? "" : options.getEventPrefix());
    GatewayRouter.Handlers handlers = new GatewayRouter.Handlers(
      GatewayHandler.rpc(client),
      GatewayHandler.api(client),
      GatewayHandler.proxy(selector, proxyClient, options.getTimeout()),
      builder.broker == null ? null : GatewayHandler.event(wrappers.broker(builder.broker)),
      GatewayHandler.stream(client),
      GatewayHandler.rpcEndpoint(client, cache));
    this.router = new GatewayRouter(vertx, options, resolver, handlers, access, limits, metrics, wrappers, (service, endpoint) -> {
      io.microvx.registry.Endpoint declared = index.endpoint(service, endpoint);
      return declared != null && "true".equalsIgnoreCase(declared.metadata().get("auth"));
    }).router();
  }

  @Override
  public Future<Void> start() {
    if (!options.isLoopback() && !options.isOpen() && !(options.getAuth().isRequired() && options.getAuth().hasCredentials())) {
      return Future.failedFuture(new IllegalArgumentException("api_address " + options.getAddress()
        + " is reachable beyond this machine: set auth_required=true with a credential (auth_jwt_secret,"
        + " auth_jwt_public_key or auth_api_keys), or api_open=true if the gateway is meant to be open to all"));
    }
    return registerStaticNodes()
      .compose(v -> index.start())
      .compose(v -> vertx.createHttpServer(Tls.server(new HttpServerOptions()
          .setHost(options.host())
          .setPort(options.port())
          .setTcpNoDelay(true)
          .setCompressionSupported(false)
          .setIdleTimeout((int) options.getIdleTimeout().toSeconds())
          .setMaxHeaderSize(options.getMaxHeaderSize())
          .setMaxInitialLineLength(Math.max(4096, options.getMaxHeaderSize()))
          .setMaxWebSocketMessageSize(options.getMaxBodySize())
          .setHandle100ContinueAutomatically(true), "api", options.getTlsCert(), options.getTlsKey()))
        .requestHandler(router)
        .listen())
      .map(listening -> {
        server = listening;
        log.debug("micro api listening on {}:{}", options.host(), listening.actualPort());
        return (Void) null;
      });
  }

  /** Registers the {@code api_static_nodes}, without a TTL: they stay while the gateway runs. */
  private Future<Void> registerStaticNodes() {
    List<Future<Void>> registrations = new ArrayList<>();
    for (Map.Entry<String, String> entry : options.getStaticNodes().entrySet()) {
      List<Node> nodes = new ArrayList<>();
      for (String address : entry.getValue().split(";")) {
        String trimmed = address.trim();
        nodes.add(new Node(entry.getKey() + "-static-" + trimmed, trimmed,
          Map.of("protocol", "mucp", "transport", "http", "server", "mucp", "registry", backend.name())));
      }
      registrations.add(backend.register(new Service(entry.getKey(), "static", Map.of(), List.of(), nodes)));
    }
    return Future.all(registrations).mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    HttpServer listening = server;
    Future<Void> closed = listening == null ? Future.succeededFuture()
      : listening.shutdown(options.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
    return closed.eventually(() -> Future.join(List.of(
        index.close(),
        selector.close(),
        proxyClient.close(),
        ownsTransport ? transport.close() : Future.succeededFuture(),
        cache.close(),
        ownsRegistry ? backend.close() : Future.succeededFuture(),
        ownWrappers != null ? ownWrappers.close() : Future.succeededFuture())))
      .andThen(ar -> {
        if (ownMetrics != null) {
          ownMetrics.service().close();
        }
      })
      .mapEmpty();
  }

  @Override
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Router router() {
    return router;
  }

  @Override
  public GatewayOptions options() {
    return new GatewayOptions(options);
  }
}
