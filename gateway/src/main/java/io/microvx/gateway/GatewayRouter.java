package io.microvx.gateway;

import io.microvx.errors.MicroException;
import io.microvx.gateway.handler.Deadlines;
import io.microvx.gateway.handler.GatewayErrors;
import io.microvx.gateway.handler.GatewayHandler;
import io.microvx.gateway.limit.RateLimits;
import io.microvx.gateway.metrics.GatewayMetrics;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.gateway.route.MicroPaths;
import io.microvx.security.BadRequestLog;
import io.microvx.gateway.route.Resolver;
import io.microvx.gateway.route.Route;
import io.microvx.gateway.security.AccessControl;
import io.microvx.transport.DeadlineSweep;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The gateway's vertx-web router. Every request: deadline and metrics, body size by
 * {@code Content-Length}, CORS. Then {@code /health}, {@code /metrics}, {@code GET /} and {@code /rpc};
 * any other path is resolved, checked for a credential and its rate limits, its body read (for the
 * handlers that need it, within {@code api_max_body_size} and the deadline) and handed to its handler.
 * Failures of any step end in go-micro's error JSON.
 */
final class GatewayRouter {

  private static final Logger log = LoggerFactory.getLogger(GatewayRouter.class);
  private static final String ROUTE = "micro.route";
  private static final String LABEL = "micro.label";
  private static final String VERSION = new JsonObject().put("version", version()).encode();

  /** The handlers a router dispatches to; {@code event} is null without a broker. */
  record Handlers(GatewayHandler rpc, GatewayHandler api, GatewayHandler proxy, GatewayHandler event,
                  GatewayHandler stream, Handler<RoutingContext> rpcEndpoint) {
  }

  private final Vertx vertx;
  private final GatewayOptions options;
  private final Resolver resolver;
  private final Handlers handlers;
  private final AccessControl access;
  private final RateLimits limits;
  private final GatewayMetrics metrics;
  private final ServiceWrappers wrappers;
  private final BodyHandler body;
  private final BiPredicate<String, String> endpointRequiresAuth;
  private final BadRequestLog refusals = BadRequestLog.of(log);
  // one periodic check for every request's deadline (408 or 504), not a timer per request
  private final DeadlineSweep<RoutingContext> deadlines;

  /**
   * @param endpointRequiresAuth whether a registered endpoint's metadata asks for a credential
   *                             ({@code auth=true}), by service and endpoint name
   */
  GatewayRouter(Vertx vertx, GatewayOptions options, Resolver resolver, Handlers handlers, AccessControl access,
                RateLimits limits, GatewayMetrics metrics, ServiceWrappers wrappers,
                BiPredicate<String, String> endpointRequiresAuth) {
    this.endpointRequiresAuth = endpointRequiresAuth;
    this.vertx = vertx;
    this.options = options;
    this.resolver = resolver;
    this.handlers = handlers;
    this.access = access;
    this.limits = limits;
    this.metrics = metrics;
    this.wrappers = wrappers;
    this.body = BodyHandler.create(false)
      .setBodyLimit(options.getMaxBodySize())
      .setHandleFileUploads(false)
      .setMergeFormAttributes(false);
    this.deadlines = DeadlineSweep.create(vertx, DeadlineSweep.periodFor(options.getTimeout()), Deadlines::passed,
      this::timedOut);
  }

  /** The route a request resolved to, or null. */
  static Route route(RoutingContext ctx) {
    return ctx.get(ROUTE);
  }

  /** A bounded name for the request's route, for metrics and per-route limits. */
  static String label(RoutingContext ctx) {
    Route route = ctx.get(ROUTE);
    if (route != null) {
      return route.label();
    }
    String label = ctx.get(LABEL);
    return label != null ? label : "unrouted";
  }

  Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::begin);
    if (options.getCors().isEnabled()) {
      router.route().handler(cors(options.getCors()));
    }
    router.get("/health").handler(ctx -> fixed(ctx, "health")
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{\"status\":\"ok\"}"));
    if (metrics != null) {
      // on a worker: reading the JVM's and the process's meters touches files
      router.get("/metrics").handler(ctx -> vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
          return;
        }
        fixed(ctx, "metrics").putHeader(HttpHeaders.CONTENT_TYPE, io.microvx.metrics.Metrics.CONTENT_TYPE)
          .end(ar.result());
      }));
    }
    router.get("/").handler(ctx -> fixed(ctx, "root")
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(VERSION));
    if (options.isEnableRpc()) {
      router.post("/rpc")
        .handler(ctx -> {
          ctx.put(LABEL, "rpc");
          ctx.next();
        })
        .handler(access)
        .handler(this::limit)
        .handler(this::readBody)
        .handler(this::rpcAccess)
        .handler(handlers.rpcEndpoint());
    }
    router.route()
      .handler(this::resolve)
      .handler(access)
      .handler(this::limit)
      .handler(this::readBody)
      .handler(this::dispatch);
    router.route().failureHandler(this::failure);
    return router;
  }

  private io.vertx.core.http.HttpServerResponse fixed(RoutingContext ctx, String label) {
    ctx.put(LABEL, label);
    return ctx.response();
  }

  private void begin(RoutingContext ctx) {
    long start = System.nanoTime();
    try {
      ctx.normalizedPath();
    } catch (IllegalArgumentException e) {
      // an escape that is not one (%zz): the router cannot even match such a path
      refuse(ctx, 400, "invalid path: " + e.getMessage());
      return;
    }
    Deadlines.start(ctx, options.getTimeout());
    if (wrappers != ServiceWrappers.NONE) {
      HttpServerRequest request = ctx.request();
      ServiceWrappers.Inbound inbound = wrappers.inbound(request.method().name(), request.path(), request.headers());
      ctx.addEndHandler(v -> inbound.end(label(ctx), ctx.response().getStatusCode()));
    }
    if (metrics != null) {
      ctx.addEndHandler(v -> metrics.record(label(ctx), ctx.request().method().name(), ctx.response().getStatusCode(),
        System.nanoTime() - start));
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        refuse(ctx, 400, "invalid Content-Length: " + length);
        return;
      }
      if (declared > options.getMaxBodySize()) {
        refuse(ctx, 413, tooLarge());
        return;
      }
    }
    ctx.next();
  }

  private void resolve(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Route route = resolver.resolve(request.method().name(), request.getHeader(HttpHeaders.HOST), ctx.normalizedPath());
    if (route == null) {
      GatewayErrors.send(ctx, 404, "service not found");
      return;
    }
    if (route.kind() == Route.Kind.EVENT && handlers.event() == null) {
      GatewayErrors.send(ctx, 503, "events need a broker and this gateway has none");
      return;
    }
    ctx.put(ROUTE, route);
    ctx.next();
  }

  /**
   * {@code /rpc} reaches any endpoint: the credential rules of the endpoint hold there as on its path
   * routes (its {@code auth} metadata, and {@code auth_paths} matching a path that resolves to it).
   */
  private void rpcAccess(RoutingContext ctx) {
    MicroPaths.Target target = GatewayHandler.rpcTarget(ctx);
    if (target == null) {
      ctx.next();
      return;
    }
    access.checkEndpoint(ctx, endpointRequiresAuth.test(target.service(), target.endpoint()),
      MicroPaths.pathsOf(options.getNamespace(), target.service(), target.endpoint()));
  }

  private void limit(RoutingContext ctx) {
    if (limits == null) {
      ctx.next();
    } else {
      limits.handle(ctx);
    }
  }

  /** Reads the body for the handlers that need it, bounded in size and by the request's deadline. */
  private void readBody(RoutingContext ctx) {
    Route route = route(ctx);
    if (route != null && (!route.kind().readsBody() || isStream(ctx, route))) {
      ctx.next();
      return;
    }
    deadlines.watch(ctx);
    ctx.addEndHandler(v -> deadlines.unwatch(ctx));
    body.handle(ctx);
  }

  private static boolean isStream(RoutingContext ctx, Route route) {
    return route.kind() == Route.Kind.RPC && (route.stream() || ctx.request().canUpgradeToWebSocket());
  }

  /** The deadline passed before an answer: 504, or 408 if the client had not even sent its body. */
  private void timedOut(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      GatewayErrors.send(ctx, 408, "request body not received within " + options.getTimeout().toMillis() + " ms");
      ctx.request().connection().close();
      return;
    }
    GatewayErrors.send(ctx, 504, "no answer within " + options.getTimeout().toMillis() + " ms");
  }

  private void dispatch(RoutingContext ctx) {
    Route route = route(ctx);
    switch (route.kind()) {
      case RPC -> (isStream(ctx, route) ? handlers.stream() : handlers.rpc()).handle(ctx, route);
      case API -> handlers.api().handle(ctx, route);
      case HTTP, WEB -> handlers.proxy().handle(ctx, route);
      case EVENT -> handlers.event().handle(ctx, route);
    }
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof MicroException e) {
      GatewayErrors.send(ctx, e);
      return;
    }
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    if ((status == -1 || status == 500) && failure != null && !(failure instanceof HttpException)
      && !ctx.request().isEnded()) {
      // the request itself broke while arriving (a malformed chunk, a reset): the client's fault
      refusals.refused(ctx.request(), 400, "malformed request: " + failure);
      refuse(ctx, 400, "malformed request");
      return;
    }
    if (status == 413) {
      GatewayErrors.send(ctx, 413, tooLarge());
    } else if (status == 401) {
      GatewayErrors.send(ctx, 401, "unauthorized" + (failure != null && failure.getMessage() != null
        && !(failure instanceof HttpException) ? ": " + failure.getMessage() : ""));
    } else if (status >= 400 && status < 500) {
      GatewayErrors.send(ctx, status, io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase());
    } else {
      // a failure of the gateway's own: logged with its trace under an id, answered with the id only
      String id = io.microvx.metadata.Ids.uuid();
      log.warn("{} {} failed (request id {})", ctx.request().method(), ctx.request().path(), id, failure);
      GatewayErrors.send(ctx, 500, MicroException.internalDetail(id));
    }
  }

  private void refuse(RoutingContext ctx, int status, String detail) {
    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    GatewayErrors.send(ctx, status, detail);
  }

  private String tooLarge() {
    return "request body exceeds the limit of " + options.getMaxBodySize() + " bytes";
  }

  private static CorsHandler cors(CorsOptions cors) {
    CorsHandler handler = CorsHandler.create();
    if (!cors.getAllowedOrigins().contains("*")) {
      handler.addOrigins(cors.getAllowedOrigins());
    }
    Set<HttpMethod> methods = new HashSet<>();
    cors.getAllowedMethods().forEach(m -> methods.add(HttpMethod.valueOf(m.toUpperCase(java.util.Locale.ROOT))));
    return handler.allowedMethods(methods)
      .allowedHeaders(new HashSet<>(cors.getAllowedHeaders()))
      .allowCredentials(cors.isAllowCredentials())
      .maxAgeSeconds(cors.getMaxAge());
  }

  private static String version() {
    String version = GatewayRouter.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
