package io.microvx.web.security;

import io.microvx.web.WebDashboardOptions;
import io.microvx.web.proxy.ErrorPages;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** The sign-in form: a token field, or user and password, whichever is configured; no script. */
final class LoginPage {

  private LoginPage() {
  }

  static void send(RoutingContext ctx, int status, WebDashboardOptions options, String next, String problem) {
    StringBuilder fields = new StringBuilder();
    if (options.getAuthToken() != null) {
      fields.append("<label>Token<input type=\"password\" name=\"token\" autocomplete=\"current-password\" autofocus></label>");
    }
    if (options.getAuthUser() != null && options.getAuthPassword() != null) {
      if (fields.length() > 0) {
        fields.append("<p class=\"muted\">or</p>");
      }
      fields.append("<label>User<input name=\"user\" autocomplete=\"username\"></label>")
        .append("<label>Password<input type=\"password\" name=\"password\" autocomplete=\"current-password\"></label>");
    }
    String page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      + "<title>Sign in · micro web</title><link rel=\"stylesheet\" href=\"/_/static/dashboard.css\"></head>"
      + "<body class=\"error-page\"><main class=\"error-card login\">"
      + "<h1><span class=\"logo-mark\">µ</span> micro web</h1>"
      + (problem == null ? "" : "<p class=\"login-problem\" role=\"alert\">" + ErrorPages.escape(problem) + "</p>")
      + "<form method=\"post\" action=\"/_/login\">" + fields
      + "<input type=\"hidden\" name=\"next\" value=\"" + ErrorPages.escape(next) + "\">"
      + "<button type=\"submit\" class=\"primary\">Sign in</button></form>"
      + "</main></body></html>\n";
    ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .end(page);
  }
}
