package io.microvx.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a request may have come from a page in a browser that the server does not trust, for
 * servers that answer without a credential on loopback: a {@code Host} that is not this machine (a page
 * that rebound its DNS name to 127.0.0.1) or an {@code Origin} of another site (a cross-site form or
 * WebSocket). Used by the proxy and the web dashboard alike.
 */
public final class HostGuard {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  private HostGuard() {
  }

  /** Why the request is refused, or null when it may go on: the status is 400 without a Host, else 403. */
  public record Refusal(int status, String detail) {
  }

  /**
   * The refusal for a request, or null.
   *
   * @param loopbackOnly the server listens on loopback only, so every request must name this machine
   * @param checkOrigin  whether this request must come from the server's own origin (writes, upgrades)
   */
  public static Refusal check(HttpServerRequest request, boolean loopbackOnly, boolean checkOrigin) {
    String host = host(request);
    if (host == null) {
      return new Refusal(400, "the request has no Host header");
    }
    if (loopbackOnly && !isLoopbackHost(host)) {
      return new Refusal(403, "this server only answers requests addressed to this machine (localhost)");
    }
    if (checkOrigin && isCrossSite(request)) {
      return new Refusal(403, "cross-site request refused");
    }
    return null;
  }

  /** The host the request names (without its port), or null when it names none. */
  public static String host(HttpServerRequest request) {
    if (request.authority() == null) {
      return null;
    }
    String host = request.authority().host();
    return host == null || host.isEmpty() ? null : host;
  }

  /** Whether the method changes nothing (a browser sends these cross-site freely). */
  public static boolean isSafe(HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
  }

  /** Whether the request asks for a WebSocket (a socket is not held to the same-origin policy). */
  public static boolean isUpgrade(HttpServerRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
  }

  /**
   * A request another site's page made: its {@code Origin} is not this server's own ({@code null}, the
   * origin of sandboxed pages and files, included), or the browser says so in {@code Sec-Fetch-Site}.
   */
  public static boolean isCrossSite(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null) {
      String host = request.authority() == null ? "" : request.authority().toString();
      String expected = (request.isSSL() ? "https://" : "http://") + host;
      return !origin.equalsIgnoreCase(expected) && !origin.equalsIgnoreCase(withoutDefaultPort(expected, request.isSSL()));
    }
    String site = request.getHeader("Sec-Fetch-Site");
    return site != null && !site.equals("same-origin") && !site.equals("none");
  }

  private static String withoutDefaultPort(String origin, boolean ssl) {
    String port = ssl ? ":443" : ":80";
    return origin.endsWith(port) ? origin.substring(0, origin.length() - port.length()) : origin;
  }

  /** Whether a host name (as a request names it, brackets allowed) is this machine. */
  public static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || IPV4_LOOPBACK.matcher(h).matches();
  }

  /** Whether a listening address's host ({@code 0.0.0.0} for every interface) is reachable from this machine only. */
  public static boolean isLoopbackBind(String host) {
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
  }
}
