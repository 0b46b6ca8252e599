package io.microvx.gateway.route;

import io.microvx.registry.Endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A route an endpoint declares in its registry metadata, as micro's registry router reads it:
 * {@code handler} (rpc by default), {@code method}, {@code path} and {@code host}, the last three
 * comma-separated, {@code path} holding regular expressions matched anywhere in the path as Go's
 * {@code MatchString} does ({@code ^/greet$} to anchor). An endpoint without {@code path} declares none.
 * The patterns come from whoever registered the service, so they are compiled with RE2/J, Go's own
 * syntax, whose matching takes time linear in the path: no pattern can stall the event loop. They are
 * compiled once, when the registry changes, never per request.
 */
public record MetadataRoute(String service, String endpoint, Route.Kind kind, List<String> methods, List<Pattern> paths,
                            List<String> hosts, boolean auth, boolean stream) {

  /** The route an endpoint declares, or null when it declares none or declares it wrongly. */
  public static MetadataRoute of(String service, Endpoint endpoint) {
    Map<String, String> md = endpoint.metadata();
    String path = md.get("path");
    if (path == null || path.isBlank()) {
      return null;
    }
    Route.Kind kind = md.containsKey("handler") ? Route.Kind.of(md.get("handler")) : Route.Kind.RPC;
    if (kind == null) {
      return null;
    }
    List<Pattern> patterns = new ArrayList<>();
    try {
      for (String p : split(path)) {
        patterns.add(Pattern.compile(p));
      }
    } catch (PatternSyntaxException e) {
      return null;
    }
    List<String> methods = new ArrayList<>();
    for (String m : split(md.getOrDefault("method", ""))) {
      methods.add(m.toUpperCase(Locale.ROOT));
    }
    List<String> hosts = new ArrayList<>();
    for (String h : split(md.getOrDefault("host", ""))) {
      hosts.add(h.toLowerCase(Locale.ROOT));
    }
    return new MetadataRoute(service, endpoint.name(), kind, List.copyOf(methods), List.copyOf(patterns),
      List.copyOf(hosts), "true".equalsIgnoreCase(md.get("auth")), "true".equalsIgnoreCase(md.get("stream")));
  }

  /** Whether a request matches: its method and host when the route names any, and one path pattern. */
  public boolean matches(String method, String host, String path) {
    if (!methods.isEmpty() && !methods.contains(method)) {
      return false;
    }
    if (!hosts.isEmpty() && (host == null
      || !(hosts.contains(host.toLowerCase(Locale.ROOT)) || hosts.contains(hostWithoutPort(host))))) {
      return false;
    }
    for (Pattern pattern : paths) {
      if (pattern.matcher(path).find()) {
        return true;
      }
    }
    return false;
  }

  static String hostWithoutPort(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        parts.add(part.trim());
      }
    }
    return parts;
  }
}
