package io.microvx.gateway.handler;

import io.microvx.metadata.Metadata;
import io.microvx.transport.Headers;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The call metadata of a request, as micro's {@code FromRequest}: every HTTP header (several values
 * joined with {@code ,}), less the wire's own and hop-by-hop headers, plus {@code X-Forwarded-For} and,
 * once authenticated, the caller's identity ({@code X-Auth-Subject}, {@code X-Auth-Method}). Identity
 * headers sent by the client are dropped, so a service can trust them.
 */
public final class CallMetadata {

  public static final String SUBJECT = "X-Auth-Subject";
  public static final String METHOD = "X-Auth-Method";
  /** The user attribute naming the header a credential came in (an API key), which is not passed on. */
  public static final String CONSUMED_HEADER = "consumed_header";

  private static final Set<String> HOP_BY_HOP = Set.of("te", "trailer", "proxy-authorization", "proxy-connection",
    "x-auth-subject", "x-auth-method", "origin", "access-control-request-method", "access-control-request-headers");

  private CallMetadata() {
  }

  public static Metadata of(RoutingContext ctx) {
    return Metadata.of(headers(ctx));
  }

  /** The pairs, for handlers that shape them themselves (events). */
  public static Map<String, String> headers(RoutingContext ctx) {
    MultiMap headers = ctx.request().headers();
    String consumed = consumedHeader(ctx);
    // case-insensitive, as HTTP names are: repeated headers in other cases merge under the first spelling
    Map<String, String> pairs = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (Headers.isWireHeader(name) || HOP_BY_HOP.contains(lower(name)) || name.equalsIgnoreCase(consumed)
        || !safe(header.getValue())) {
        continue;
      }
      pairs.merge(name, header.getValue(), (a, b) -> a + "," + b);
    }
    SocketAddress remote = ctx.request().remoteAddress();
    if (remote != null && remote.hostAddress() != null) {
      String forwarded = pairs.remove("X-Forwarded-For");
      pairs.put("X-Forwarded-For", forwarded == null ? remote.hostAddress() : forwarded + ", " + remote.hostAddress());
    }
    User user = ctx.user();
    if (user != null) {
      String subject = subject(user);
      if (subject != null) {
        pairs.put(SUBJECT, subject);
      }
      pairs.put(METHOD, user.attributes().getString("auth_method", "jwt"));
    }
    return pairs;
  }

  /** The header the caller's credential came in when it must not be passed on (an API key), or null. */
  public static String consumedHeader(RoutingContext ctx) {
    User user = ctx.user();
    return user == null ? null : user.attributes().getString(CONSUMED_HEADER);
  }

  /** The identity of an authenticated caller: the JWT's {@code sub}, or the API key's identity. */
  public static String subject(User user) {
    String subject = user.principal().getString("sub");
    return subject != null ? subject : user.subject();
  }

  /** Values with control characters cannot be sent on as headers: they are dropped, not passed on broken. */
  private static boolean safe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }

  private static String lower(String name) {
    return name.toLowerCase(java.util.Locale.ROOT);
  }
}
