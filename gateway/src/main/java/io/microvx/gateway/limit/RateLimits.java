package io.microvx.gateway.limit;

import io.microvx.gateway.RateLimitOptions;
import io.microvx.gateway.handler.CallMetadata;
import io.microvx.gateway.handler.GatewayErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The gateway's rate limits as a route handler: a bucket per client (its identity once authenticated,
 * else the configured header, else its IP address), then a bucket per route. A refused request gets 429,
 * {@code Retry-After} in seconds and go-micro's error JSON. Share one instance between gateway instances
 * so that a client's limit holds across event loops.
 */
public final class RateLimits implements Handler<RoutingContext> {

  private final RateLimiter clients;
  private final RateLimiter routes;
  private final String clientHeader;
  private final Function<RoutingContext, String> routeKey;

  private RateLimits(RateLimitOptions options, Function<RoutingContext, String> routeKey, LongSupplier nanos) {
    this.clients = options.getClient() > 0
      ? RateLimiter.tokenBuckets(options.getClient(), options.getClientBurst(), options.getMaxClients(), nanos) : null;
    this.routes = options.getRoute() > 0
      ? RateLimiter.tokenBuckets(options.getRoute(), options.getRouteBurst(), options.getMaxClients(), nanos) : null;
    this.clientHeader = options.getClientHeader();
    this.routeKey = routeKey;
  }

  /**
   * The limits the options describe, or null when they describe none.
   *
   * @param routeKey the bounded name of a request's route (the metrics label)
   */
  public static RateLimits create(RateLimitOptions options, Function<RoutingContext, String> routeKey) {
    return create(options, routeKey, System::nanoTime);
  }

  /** As {@link #create(RateLimitOptions, Function)}, with the clock the buckets refill by (a test's own). */
  public static RateLimits create(RateLimitOptions options, Function<RoutingContext, String> routeKey, LongSupplier nanos) {
    return options.isEnabled() ? new RateLimits(options, routeKey, nanos) : null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (clients != null) {
      long wait = clients.acquire(clientKey(ctx));
      if (wait > 0) {
        refuse(ctx, wait, "too many requests from this client");
        return;
      }
    }
    if (routes != null) {
      long wait = routes.acquire(routeKey.apply(ctx));
      if (wait > 0) {
        refuse(ctx, wait, "too many requests to this route");
        return;
      }
    }
    ctx.next();
  }

  private String clientKey(RoutingContext ctx) {
    if (ctx.user() != null) {
      String subject = CallMetadata.subject(ctx.user());
      if (subject != null) {
        return "user:" + subject;
      }
    }
    if (clientHeader != null) {
      String value = ctx.request().getHeader(clientHeader);
      if (value != null && !value.isEmpty()) {
        return "header:" + value;
      }
    }
    return ctx.request().remoteAddress() == null ? "unknown" : "ip:" + ctx.request().remoteAddress().hostAddress();
  }

  private static void refuse(RoutingContext ctx, long waitSeconds, String detail) {
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds));
    GatewayErrors.send(ctx, 429, detail + ": retry in " + waitSeconds + " s");
  }
}
