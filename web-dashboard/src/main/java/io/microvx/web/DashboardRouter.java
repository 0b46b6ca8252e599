package io.microvx.web;

import io.microvx.web.api.DashboardApi;
import io.microvx.web.proxy.ErrorPages;
import io.microvx.web.proxy.WebProxy;
import io.microvx.web.security.DashboardSecurity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.List;

/**
 * The dashboard's routes, in the order they are tried:
 *
 * <pre>
 * guard (host, cross-site) ─ sign-in ─┬─ /_/static/*        the pages' scripts and styles (StaticHandler)
 *                                     ├─ /_/login, /_/logout
 *                                     ├─ /_/api/*, POST /rpc the JSON API
 *                                     ├─ /, /services, /registry, /client, /terminal, /stats: the single page
 *                                     └─ /[name]/…           reverse proxy to go.micro.web.[name]
 * </pre>
 *
 * As in micro web, the page names shadow web services of the same name; {@code /_/} cannot be one (an
 * underscore is not allowed in a proxied name).
 */
final class DashboardRouter {

  static final String WEBROOT = "io/microvx/web/webroot";
  static final List<String> PAGES = List.of("/", "/services", "/registry", "/client", "/terminal", "/stats");

  private DashboardRouter() {
  }

  static Router create(Vertx vertx, DashboardSecurity security, DashboardApi api, WebProxy proxy, Buffer index) {
    Router router = Router.router(vertx);
    router.route().handler(security.guard());
    router.route().handler(security.authenticate());
    router.route("/_/*").handler(security.headers());
    router.get("/_/static/*").handler(StaticHandler.create(WEBROOT).setMaxAgeSeconds(60).setDirectoryListing(false));
    security.mount(router);
    api.mount(router);
    for (String page : PAGES) {
      router.get(page).handler(security.headers()).handler(ctx -> page(ctx, index));
    }
    router.get("/favicon.ico").handler(ctx -> ctx.redirect("/_/static/favicon.svg"));
    router.route("/_/*").handler(ctx -> ErrorPages.send(ctx, 404, "Not found", "There is no page at " + ctx.request().path() + "."));
    router.route().handler(proxy);
    return router;
  }

  private static void page(RoutingContext ctx, Buffer index) {
    ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
      .end(index);
  }
}
