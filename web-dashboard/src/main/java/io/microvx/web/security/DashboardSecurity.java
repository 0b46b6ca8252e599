package io.microvx.web.security;

import io.microvx.web.WebDashboardOptions;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.LongSupplier;

/**
 * What keeps the dashboard to its user:
 *
 * <ul>
 *   <li>{@link #guard()}: while it listens on loopback only, requests must name a loopback host (so a page
 *   elsewhere cannot reach it by DNS rebinding); state-changing requests to the dashboard's own routes must
 *   come from its own pages ({@code Origin}, {@code Sec-Fetch-Site}).</li>
 *   <li>{@link #headers()}: a Content-Security-Policy allowing only the dashboard's own scripts and styles,
 *   with {@code nosniff}, no framing and no referrer beyond the origin, on every page of its own.</li>
 *   <li>{@link #authenticate()}: with {@code web_auth_token} or {@code web_auth_user}/{@code web_auth_password}
 *   set, every request needs the token as a bearer, basic credentials, or the session cookie the login page
 *   ({@code /_/login}) hands out. A client that fails to sign in five times in a row waits before it may
 *   try again (429), 1 s and twice as long after each further failure, at most 5 minutes.</li>
 * </ul>
 */
public interface DashboardSecurity {

  /** The policy of the dashboard's pages: its own scripts, styles and connections, nothing inline. */
  String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  static DashboardSecurity create(Vertx vertx, WebDashboardOptions options) {
    return create(vertx, options, System::currentTimeMillis);
  }

  /** With the clock sign-in throttling goes by (tests move theirs by hand). */
  static DashboardSecurity create(Vertx vertx, WebDashboardOptions options, LongSupplier millis) {
    return new SessionLogin(vertx, options, millis);
  }

  Handler<RoutingContext> guard();

  Handler<RoutingContext> headers();

  Handler<RoutingContext> authenticate();

  /** Adds the login and logout routes ({@code /_/login}, {@code /_/logout}). */
  void mount(Router router);

  /** Takes the dashboard's own credentials out of headers about to be forwarded to a web service. */
  void stripCredentials(RoutingContext ctx, MultiMap headers);
}
