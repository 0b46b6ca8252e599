package io.microvx.web;

import io.microvx.client.Client;
import io.microvx.config.MicroConfig;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.web.api.DashboardApi;
import io.microvx.web.proxy.WebProxy;
import io.microvx.registry.RegistryMirror;
import io.microvx.web.security.DashboardSecurity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.microvx.errors.MicroException;
import io.microvx.security.BadRequestLog;
import io.microvx.security.HostGuard;
import io.microvx.security.Tls;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * micro web: a dashboard over the registry and a reverse proxy to web services, on {@code 127.0.0.1:8082}
 * by default. Pages list the services (live, as the registry changes), show a service's nodes, endpoints
 * and their request and response shapes, call an endpoint from a form built from its request shape, run
 * CLI commands in a terminal, and show each node's health and stats; {@code /[name]/…} is proxied to a
 * node of {@code go.micro.web.[name]}.
 *
 * <p>Deployed with no arguments (e.g. by {@code micro web} or Vert.x's launcher) it builds its registry,
 * client and broker from its config and {@code MICRO_*} variables, as a service would ({@code proxy}, that
 * is micro server, by default). {@code micro server} hands it the parts it already has.
 *
 * <p>Listening beyond loopback it refuses to start without a login ({@code web_auth_token}, or
 * {@code web_auth_user} and {@code web_auth_password}).
 */
public class WebDashboardVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(WebDashboardVerticle.class);

  private Registry registry;
  private Client client;
  private WebDashboardOptions options;
  private MicroService own;
  private RegistryMirror view;
  private WebProxy proxy;
  private HttpServer server;
  private DashboardApi api;
  private LongSupplier millis = System::currentTimeMillis;
  private final BadRequestLog refusals = BadRequestLog.of(log);

  /** A dashboard over parts of its own, made from its config. */
  public WebDashboardVerticle() {
  }

  /** A dashboard over the given registry and client (whose broker, if any, serves {@code publish}). */
  public WebDashboardVerticle(Registry registry, Client client, WebDashboardOptions options) {
    this.registry = registry;
    this.client = client;
    this.options = new WebDashboardOptions(options);
  }

  @Override
  public Future<?> start() {
    Future<Void> parts = registry != null ? Future.succeededFuture() : ownParts();
    return parts.compose(v -> {
      if (!options.isLoopback() && !options.hasLogin() && !options.isOpen()) {
        return Future.failedFuture(new IllegalArgumentException("web_address " + options.getAddress()
          + " is reachable beyond this machine: set web_auth_token (MICRO_WEB_AUTH_TOKEN), or web_auth_user and"
          + " web_auth_password, so only people who sign in can use the dashboard (or web_open=true if it is"
          + " meant to be open to all)"));
      }
      view = RegistryMirror.of(vertx, registry);
      return view.start();
    }).compose(v -> vertx.fileSystem().readFile(DashboardRouter.WEBROOT + "/index.html")).compose(index -> {
      DashboardSecurity security = DashboardSecurity.create(vertx, options, millis);
      proxy = WebProxy.create(vertx, view, options, security::stripCredentials);
      api = DashboardApi.create(vertx, registry, view, client, options);
      server = vertx.createHttpServer(Tls.server(new HttpServerOptions().setHost(options.host()).setPort(options.port()),
          "web", options.getTlsCert(), options.getTlsKey()))
        .requestHandler(withHost(DashboardRouter.create(vertx, security, api, proxy, index)));
      return server.listen();
    }).andThen(ar -> {
      if (ar.succeeded()) {
        api.start();
      }
    }).onSuccess(s -> log.debug("web dashboard listening on {}:{}{}", options.host(), s.actualPort(),
      options.hasLogin() ? " (sign-in required)" : ""));
  }

  private Future<Void> ownParts() {
    JsonObject config = MicroConfig.load(config(), System.getenv(), List.of());
    options = new WebDashboardOptions(config);
    // building reads plugins from the class path: a worker's job, not the event loop's
    return vertx.executeBlocking(() -> MicroService.builder(vertx).name("go.micro.web").config(config).build())
      .compose(service -> {
        own = service;
        registry = service.registry();
        client = service.client();
        return service.broker().connect();
      });
  }

  /**
   * A request that names no host is answered 400 before the router sees it: the router cannot route
   * such a request, and the Host rules cannot judge it.
   */
  private Handler<HttpServerRequest> withHost(Router router) {
    return request -> {
      if (HostGuard.host(request) != null) {
        router.handle(request);
        return;
      }
      refusals.refused(request, 400, "no Host header");
      request.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(new MicroException("go.micro.web", "the request has no Host header", 400).toJson());
    };
  }

  /** Uses this clock for sign-in throttling (tests move it by hand); before deploying. */
  WebDashboardVerticle clock(LongSupplier millis) {
    this.millis = millis;
    return this;
  }

  /** The port it listens on, once started. */
  public int port() {
    return server.actualPort();
  }

  /** Where it listens, once started: {@code host:port}. */
  public String address() {
    return options.host() + ":" + port();
  }

  /** Its options. */
  public WebDashboardOptions options() {
    return new WebDashboardOptions(options);
  }

  @Override
  public Future<?> stop() {
    if (api != null) {
      api.close();
    }
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed
      .eventually(() -> proxy == null ? Future.succeededFuture() : proxy.close())
      .eventually(() -> view == null ? Future.succeededFuture() : view.close())
      .eventually(() -> own == null ? Future.succeededFuture() : own.stop());
  }
}
