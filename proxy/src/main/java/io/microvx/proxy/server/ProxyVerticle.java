package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.proxy.ProxyApi;
import io.microvx.registry.Registry;
import io.microvx.security.BadRequestLog;
import io.microvx.security.HostGuard;
import io.microvx.security.Tls;
import io.microvx.service.MicroService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * micro's HTTP proxy on {@code :8081}: the registry, client and broker it is given, served as
 * {@code /registry}, {@code /rpc}, {@code /broker} (and {@code /stream}, {@code /health},
 * {@code /stats}). This is how {@code micro server} shares its in-memory registry and broker with
 * services in other processes, and how the CLI reaches a remote environment.
 *
 * <p>Deployed with no arguments (e.g. by Vert.x's launcher) it builds its own parts from its config:
 * the {@code registry} and {@code broker} plugins named there, {@code memory} by default.
 *
 * <p>Listening anywhere but loopback it requires {@code proxy_token} (or {@code proxy_open}), and every
 * request must carry {@code Authorization: Bearer <token>}; without it the answer is 401 and nothing is
 * touched. On loopback it answers only requests addressed to this machine; it refuses cross-site
 * {@code Origin}s everywhere, and writes that are not JSON (see {@link HostGuard}).
 */
public class ProxyVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ProxyVerticle.class);

  private Registry registry;
  private Client client;
  private Broker broker;
  private ProxyOptions options;
  private MicroService own;
  private HttpServer server;
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private long started;
  private LongSupplier nanos = System::nanoTime;
  private final BadRequestLog refusals = BadRequestLog.of(log);

  /** A proxy over parts of its own, made from its config. */
  public ProxyVerticle() {
  }

  /** A proxy over the given registry, client and broker. */
  public ProxyVerticle(Registry registry, Client client, Broker broker, ProxyOptions options) {
    this.registry = registry;
    this.client = client;
    this.broker = broker;
    this.options = new ProxyOptions(options);
  }

  @Override
  public Future<?> start() {
    started = System.currentTimeMillis() / 1000;
    Future<Void> parts = registry != null ? Future.succeededFuture() : ownParts();
    return parts.compose(v -> {
      if (!options.isLoopback() && options.getToken() == null && !options.isOpen()) {
        return Future.failedFuture(new IllegalArgumentException("proxy_address " + options.getAddress()
          + " is reachable beyond this machine: set proxy_token (MICRO_PROXY_TOKEN) so only holders of it can use the"
          + " proxy, or proxy_open=true if it is meant to be open to all"));
      }
      Router router = router();
      server = vertx.createHttpServer(Tls.server(new HttpServerOptions().setHost(options.host()).setPort(options.port()),
          "proxy", options.getTlsCert(), options.getTlsKey()))
        .requestHandler(request -> {
          if (admitted(request)) {
            router.handle(request);
          }
        });
      return server.listen();
    }).onSuccess(s -> log.debug("proxy listening on {}{}:{}{}", options.getTlsCert() == null ? "" : "https://",
      options.host(), s.actualPort(), options.getToken() == null ? "" : " (bearer token required)"));
  }

  /** Uses this clock for TTLs of anonymous registrations (tests move it by hand). */
  ProxyVerticle clock(LongSupplier nanos) {
    this.nanos = nanos;
    return this;
  }

  /**
   * Keeps out what a page in a browser could send: a Host that is not this machine while the proxy listens
   * on loopback (DNS rebinding), an Origin of another site, and writes a form could post (no JSON).
   */
  private boolean admitted(HttpServerRequest request) {
    // with a token, the token is the guard: no page elsewhere can send it (the proxy grants no CORS), and
    // an Origin rewritten by a TLS-terminating proxy in front must not lock out the CLI's WebSockets
    HostGuard.Refusal refusal = HostGuard.check(request, options.isLoopback(), options.getToken() == null);
    if (refusal == null) {
      return true;
    }
    refusals.refused(request, refusal.status(), refusal.detail());
    requests.increment();
    errors.increment();
    MicroException error = new MicroException("go.micro.proxy", refusal.detail(), refusal.status());
    request.response().setStatusCode(refusal.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end(error.toJson());
    return false;
  }

  private void requireScriptWrite(RoutingContext ctx) {
    if (HostGuard.isSafe(ctx.request().method()) || isScriptWrite(ctx.request())) {
      ctx.next();
    } else {
      Replies.error(ctx, new MicroException("go.micro.proxy", "send JSON: Content-Type: application/json", 415));
    }
  }

  /**
   * A write no web form can make: a JSON body, or (for {@code /broker}, whose body is a message of any
   * type) the {@code X-Requested-With} header, which only scripts can set and the proxy does not let
   * pages elsewhere set.
   */
  private static boolean isScriptWrite(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null) {
      String bare = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (bare.equals("application/json") || bare.endsWith("+json")) {
        return true;
      }
    }
    return "/broker".equals(request.path()) && request.getHeader(ProxyApi.SCRIPT_HEADER) != null;
  }

  private Future<Void> ownParts() {
    JsonObject config = config().copy();
    config.put("registry", config.getString("registry", "memory"));
    config.put("broker", config.getString("broker", "memory"));
    options = new ProxyOptions(config);
    return vertx.executeBlocking(() -> MicroService.builder(vertx).name("go.micro.proxy").config(config).build())
      .compose(service -> {
        own = service;
        registry = service.registry();
        client = service.client();
        broker = service.broker();
        return broker.connect();
      });
  }

  /** The port it listens on, once started. */
  public int port() {
    return server.actualPort();
  }

  /** Where it listens, once started: {@code host:port}, with {@code https://} in front when it serves TLS. */
  public String address() {
    return (options.getTlsCert() == null ? "" : "https://") + options.host() + ":" + port();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::count).handler(this::authorize).handler(this::requireScriptWrite);
    router.route().handler(BodyHandler.create(false).setBodyLimit(options.getMaxBodySize()));
    RegistryApi registryApi = new RegistryApi(vertx, registry, options.getMaxTtl(),
      options.getToken() == null ? new Registrations(options.getMaxRegistrations(), nanos) : null);
    RpcApi rpc = new RpcApi(client, registry);
    BrokerApi brokerApi = new BrokerApi(broker);
    StreamApi streams = new StreamApi(client);
    router.get("/registry").handler(registryApi::get);
    router.post("/registry").handler(registryApi::register);
    router.delete("/registry").handler(registryApi::deregister);
    router.post("/rpc").handler(rpc::call);
    router.post("/broker").handler(brokerApi::publish);
    router.get("/broker").handler(brokerApi::subscribe);
    router.get("/stream").handler(streams::open);
    router.get("/health").handler(ctx -> Replies.json(ctx, new JsonObject().put("status", "ok").toBuffer()));
    router.get("/stats").handler(this::stats);
    router.route().handler(ctx -> Replies.error(ctx,
      MicroException.notFound("go.micro.proxy", "no such route %s %s", ctx.request().method(), ctx.request().path())));
    router.route().failureHandler(this::failure);
    return router;
  }

  private void count(RoutingContext ctx) {
    requests.increment();
    ctx.addEndHandler(v -> {
      if (ctx.response().getStatusCode() >= 400) {
        errors.increment();
      }
    });
    ctx.next();
  }

  private void authorize(RoutingContext ctx) {
    String token = options.getToken();
    if (token != null) {
      String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      String expected = "Bearer " + token;
      if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        Replies.error(ctx, MicroException.unauthorized("go.micro.proxy", "a bearer token is required"));
        return;
      }
    }
    ctx.next();
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      Replies.error(ctx, new MicroException("go.micro.proxy", "the body exceeds " + options.getMaxBodySize() + " bytes", 413));
    } else if (ctx.failure() != null) {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      Replies.error(ctx, MicroException.internalServerError("go.micro.proxy", "the proxy failed to handle the request"));
    } else {
      Replies.error(ctx, new MicroException("go.micro.proxy", "request refused", status > 0 ? status : 500));
    }
  }

  private void stats(RoutingContext ctx) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject stats = new JsonObject()
      .put("started", started)
      .put("uptime", now - started)
      .put("requests", requests.sum())
      .put("errors", errors.sum())
      .put("registry", registry.name())
      .put("broker", JsonObject.mapFrom(broker.stats()).put("name", broker.name()));
    Replies.json(ctx, stats.toBuffer());
  }

  @Override
  public Future<?> stop() {
    // in-flight calls get a moment to finish rather than being cut off
    Future<Void> closed = server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
    return own == null ? closed : closed.eventually(() -> own.stop());
  }
}
