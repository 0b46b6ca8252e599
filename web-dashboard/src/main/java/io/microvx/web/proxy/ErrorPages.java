package io.microvx.web.proxy;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The few HTML pages the server writes itself (unknown web service, unreachable node, not found): plain
 * markup with every piece of text escaped, styled by the dashboard's stylesheet, no script.
 */
public final class ErrorPages {

  /** The policy of these pages: a stylesheet of ours, nothing else. */
  static final String CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private ErrorPages() {
  }

  /** Sends a page with the status, a title and a line of detail. */
  public static void send(RoutingContext ctx, int status, String title, String detail) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .putHeader("Content-Security-Policy", CSP)
      .end(page(status, title, detail));
  }

  static String page(int status, String title, String detail) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      + "<title>" + escape(status + " " + title) + " · micro web</title>"
      + "<link rel=\"stylesheet\" href=\"/_/static/dashboard.css\"></head>"
      + "<body class=\"error-page\"><main class=\"error-card\">"
      + "<p class=\"error-code\">" + status + "</p>"
      + "<h1>" + escape(title) + "</h1>"
      + "<p class=\"error-detail\">" + escape(detail) + "</p>"
      + "<p><a href=\"/\">Back to the dashboard</a></p>"
      + "</main></body></html>\n";
  }

  /** Text made safe for HTML element content and quoted attribute values. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
