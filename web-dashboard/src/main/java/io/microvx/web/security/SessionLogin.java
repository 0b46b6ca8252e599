package io.microvx.web.security;

import io.microvx.security.BadRequestLog;
import io.microvx.security.HostGuard;
import io.microvx.web.WebDashboardOptions;
import org.slf4j.LoggerFactory;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The dashboard's security, with sessions kept in memory: a sign-in on the login page gives a random
 * session id in an {@code HttpOnly}, {@code SameSite=Strict} cookie, valid for 12 hours or until the
 * dashboard stops. Secrets are compared in constant time.
 */
final class SessionLogin implements DashboardSecurity {

  static final String COOKIE = "micro_web_session";
  private static final String AUTH = "micro.web.auth";
  private static final long SESSION_MS = 12 * 3600 * 1000L;
  private static final int MAX_SESSIONS = 10_000;

  private final Vertx vertx;
  private final WebDashboardOptions options;
  private final Map<String, Long> sessions = new ConcurrentHashMap<>();
  private final BadRequestLog refusals = BadRequestLog.of(LoggerFactory.getLogger(DashboardSecurity.class));
  private SecureRandom random;

  private final SignInThrottle throttle;

  SessionLogin(Vertx vertx, WebDashboardOptions options, LongSupplier millis) {
    this.vertx = vertx;
    this.options = new WebDashboardOptions(options);
    this.throttle = new SignInThrottle(millis);
  }

  @Override
  public Handler<RoutingContext> guard() {
    return ctx -> {
      HttpServerRequest request = ctx.request();
      // a WebSocket is not held to the same-origin policy: a page elsewhere could read the live feed
      boolean checkOrigin = isOwnRoute(request.path()) && (!HostGuard.isSafe(request.method()) || HostGuard.isUpgrade(request));
      HostGuard.Refusal refusal = HostGuard.check(request, options.isLoopback(), checkOrigin);
      if (refusal != null) {
        refusals.refused(request, refusal.status(), refusal.detail());
        refuse(ctx, refusal.status(), refusal.detail());
        return;
      }
      ctx.next();
    };
  }

  @Override
  public Handler<RoutingContext> headers() {
    return ctx -> {
      ctx.response().headers()
        .set("Content-Security-Policy", CSP)
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "same-origin");
      ctx.next();
    };
  }

  @Override
  public Handler<RoutingContext> authenticate() {
    return ctx -> {
      if (!options.hasLogin() || isPublic(ctx.request().path())) {
        ctx.next();
        return;
      }
      boolean presented = ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
      if (presented && throttled(ctx)) {
        return;
      }
      String how = credential(ctx);
      if (presented) {
        if ("header".equals(how)) {
          throttle.succeeded(client(ctx));
        } else {
          throttle.failed(client(ctx));
        }
      }
      if (how != null) {
        ctx.put(AUTH, how);
        ctx.next();
        return;
      }
      HttpServerRequest request = ctx.request();
      String accept = request.getHeader(HttpHeaders.ACCEPT);
      boolean page = request.method() == HttpMethod.GET && accept != null && accept.contains("text/html");
      if (page) {
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/_/login?next=" + encode(request.uri())).end();
        return;
      }
      ctx.response().putHeader("WWW-Authenticate", options.getAuthUser() != null && options.getAuthToken() == null
        ? "Basic realm=\"micro web\"" : "Bearer realm=\"micro web\"");
      refuse(ctx, 401, "sign in first: a bearer token, basic credentials or the login page");
    };
  }

  /** How the request is signed in ({@code header} or {@code cookie}), or null. */
  private String credential(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null) {
      if (options.getAuthToken() != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && equal(authorization.substring(7).strip(), options.getAuthToken())) {
        return "header";
      }
      if (options.getAuthUser() != null && options.getAuthPassword() != null
        && authorization.regionMatches(true, 0, "Basic ", 0, 6) && basicMatches(authorization.substring(6).strip())) {
        return "header";
      }
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null) {
      Long expires = sessions.get(cookie.getValue());
      if (expires != null && expires > System.currentTimeMillis()) {
        return "cookie";
      }
      sessions.remove(cookie.getValue());
    }
    return null;
  }

  private boolean basicMatches(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    return colon > 0 && equal(decoded.substring(0, colon), options.getAuthUser())
      & equal(decoded.substring(colon + 1), options.getAuthPassword());
  }

  @Override
  public void mount(Router router) {
    if (!options.hasLogin()) {
      router.get("/_/login").handler(ctx -> ctx.redirect("/"));
      return;
    }
    router.get("/_/login").handler(ctx -> LoginPage.send(ctx, 200, options, safeNext(ctx.request().getParam("next")), null));
    router.post("/_/login").handler(BodyHandler.create(false).setBodyLimit(8 * 1024)).handler(this::signIn);
    router.post("/_/logout").handler(ctx -> {
      Cookie cookie = ctx.request().getCookie(COOKIE);
      if (cookie != null) {
        sessions.remove(cookie.getValue());
      }
      ctx.response().addCookie(sessionCookie("", ctx.request().isSSL()).setMaxAge(0));
      ctx.redirect("/_/login");
    });
  }

  /** Answers 429 when the client failed too often of late; true when it did. */
  private boolean throttled(RoutingContext ctx) {
    long wait = throttle.waitMillis(client(ctx));
    if (wait == 0) {
      return false;
    }
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString((wait + 999) / 1000));
    refuse(ctx, 429, "too many failed sign-ins: try again in " + (wait + 999) / 1000 + " s");
    return true;
  }

  private static String client(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
  }

  private void signIn(RoutingContext ctx) {
    if (throttled(ctx)) {
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    String next = safeNext(form.get("next"));
    boolean ok = options.getAuthToken() != null && form.get("token") != null && equal(form.get("token"), options.getAuthToken());
    if (!ok && options.getAuthUser() != null && options.getAuthPassword() != null && form.get("user") != null) {
      ok = equal(form.get("user"), options.getAuthUser()) & equal(String.valueOf(form.get("password")), options.getAuthPassword());
    }
    if (!ok) {
      throttle.failed(client(ctx));
      LoginPage.send(ctx, 401, options, next, "That did not match. Try again.");
      return;
    }
    throttle.succeeded(client(ctx));
    boolean ssl = ctx.request().isSSL();
    // the system's secure random may read /dev/urandom: not on the event loop
    vertx.executeBlocking(this::newSessionId).onSuccess(id -> {
      long now = System.currentTimeMillis();
      sessions.values().removeIf(expires -> expires < now);
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.clear();
      }
      sessions.put(id, now + SESSION_MS);
      ctx.response().addCookie(sessionCookie(id, ssl).setMaxAge(SESSION_MS / 1000));
      ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, next).end();
    }).onFailure(ctx::fail);
  }

  private synchronized String newSessionId() {
    if (random == null) {
      random = new SecureRandom();
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Cookie sessionCookie(String value, boolean ssl) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(ssl);
  }

  @Override
  public void stripCredentials(RoutingContext ctx, MultiMap headers) {
    if ("header".equals(ctx.get(AUTH))) {
      headers.remove(HttpHeaders.AUTHORIZATION);
    }
    String cookies = headers.get(HttpHeaders.COOKIE);
    if (cookies != null && cookies.contains(COOKIE)) {
      StringBuilder kept = new StringBuilder();
      for (String pair : cookies.split(";")) {
        if (!pair.strip().startsWith(COOKIE + "=")) {
          kept.append(kept.length() == 0 ? "" : "; ").append(pair.strip());
        }
      }
      if (kept.length() == 0) {
        headers.remove(HttpHeaders.COOKIE);
      } else {
        headers.set(HttpHeaders.COOKIE, kept.toString());
      }
    }
  }

  /** Where to go after signing in: a path of this dashboard only, never another site. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.startsWith("/_/login")) {
      return "/";
    }
    for (int i = 0; i < next.length(); i++) {
      if (next.charAt(i) < 0x20) {
        return "/";
      }
    }
    return next;
  }

  private static boolean isPublic(String path) {
    return path.startsWith("/_/static/") || path.equals("/_/login") || path.equals("/favicon.ico");
  }

  private static boolean isOwnRoute(String path) {
    return path.startsWith("/_/") || path.equals("/rpc");
  }

  private static boolean equal(String given, String expected) {
    return given != null && expected != null
      && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static void refuse(RoutingContext ctx, int status, String detail) {
    ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
      .end(new JsonObject().put("id", "go.micro.web").put("code", status).put("detail", detail)
        .put("status", io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase()).encode());
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
