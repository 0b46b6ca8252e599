package io.microvx.gateway.route;

import java.util.ArrayList;
import java.util.List;

/**
 * micro's path rules (go-micro {@code api/resolver/micro} and {@code api/handler/event}, v1.18), as pure
 * functions of a normalized path. Path parts are CamelCased: {@code say-hello} is {@code SayHello}.
 *
 * <table>
 *   <caption>RPC resolution</caption>
 *   <tr><td>{@code /greeter/say}</td><td>{@code greeter}</td><td>{@code Greeter.Say}</td></tr>
 *   <tr><td>{@code /greeter/say/hello}</td><td>{@code greeter}</td><td>{@code Say.Hello}</td></tr>
 *   <tr><td>{@code /v1/greeter/say}</td><td>{@code v1.greeter}</td><td>{@code Greeter.Say}</td></tr>
 *   <tr><td>{@code /foo/bar/baz/qux}</td><td>{@code foo.bar}</td><td>{@code Baz.Qux}</td></tr>
 * </table>
 */
public final class MicroPaths {

  private MicroPaths() {
  }

  /** A service name and the endpoint or action it resolved to. */
  public record Target(String service, String endpoint) {
  }

  /** The RPC route of a path: service and {@code Type.Method}; null for the root path. */
  public static Target rpc(String path) {
    List<String> parts = parts(path);
    if (parts.isEmpty()) {
      return null;
    }
    int n = parts.size();
    if (n <= 2) {
      return new Target(parts.get(0), methodName(parts));
    }
    if (n == 3 && isVersion(parts.get(0))) {
      return new Target(parts.get(0) + "." + parts.get(1), methodName(parts.subList(1, 3)));
    }
    return new Target(String.join(".", parts.subList(0, n - 2)), methodName(parts.subList(n - 2, n)));
  }

  /** The proxied service of a path (http, web): the first part, or {@code v1.<part>}; null for the root. */
  public static String proxyService(String path) {
    List<String> parts = parts(path);
    if (parts.isEmpty()) {
      return null;
    }
    if (parts.size() >= 2 && isVersion(parts.get(0))) {
      return parts.get(0) + "." + parts.get(1);
    }
    return parts.get(0);
  }

  /**
   * The event of a path: topic {@code <ns>.foo} and name {@code bar} for {@code /foo/bar};
   * {@code <ns>.v1.foo} and {@code foo.bar} for {@code /v1/foo/bar}.
   */
  public static Target event(String namespace, String path) {
    List<String> parts = parts(path);
    String prefix = namespace.isEmpty() ? "" : namespace + ".";
    if (parts.isEmpty()) {
      return new Target(namespace, "");
    }
    if (parts.size() >= 2 && isVersion(parts.get(0))) {
      return new Target(prefix + parts.get(0) + "." + parts.get(1), String.join(".", parts.subList(1, parts.size())));
    }
    return new Target(prefix + parts.get(0), String.join(".", parts.subList(1, parts.size())));
  }

  /**
   * The paths that resolve to an endpoint of a service under the rpc rules: for {@code go.micro.api.greeter}
   * and {@code Say.Hello} (namespace {@code go.micro.api}), {@code /greeter/say/hello} (and the dashed and
   * camel spellings of each part, {@code /greeter/say-hello/…}); {@code /greeter/say} as well for
   * {@code Greeter.Say}. What {@code POST /rpc} is checked against, so {@code auth_paths} hold there too.
   */
  public static List<String> pathsOf(String namespace, String service, String endpoint) {
    String name = !namespace.isEmpty() && service.startsWith(namespace + ".") ? service.substring(namespace.length() + 1) : service;
    String base = "/" + name.replace('.', '/');
    int dot = endpoint.indexOf('.');
    String type = dot < 0 ? endpoint : endpoint.substring(0, dot);
    String method = dot < 0 ? "" : endpoint.substring(dot + 1);
    java.util.Set<String> paths = new java.util.LinkedHashSet<>();
    String last = name.substring(name.lastIndexOf('.') + 1);
    for (String t : spellings(type)) {
      for (String m : spellings(method)) {
        paths.add(base + "/" + t + (m.isEmpty() ? "" : "/" + m));
        if (t.equalsIgnoreCase(last) && !m.isEmpty()) {
          paths.add(base + "/" + m);
        }
      }
    }
    return List.copyOf(paths);
  }

  /** {@code SayHello} as a path part: {@code sayhello}, {@code say-hello}, {@code sayHello}. */
  private static List<String> spellings(String camel) {
    if (camel.isEmpty()) {
      return List.of("");
    }
    StringBuilder dashed = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        dashed.append('-');
      }
      dashed.append(Character.toLowerCase(c));
    }
    String lower = camel.toLowerCase(java.util.Locale.ROOT);
    String decapitalized = Character.toLowerCase(camel.charAt(0)) + camel.substring(1);
    return List.copyOf(new java.util.LinkedHashSet<>(List.of(lower, dashed.toString(), decapitalized)));
  }

  /** {@code say-hello} → {@code SayHello}; like Go's {@code strings.Title} per dash-separated word. */
  public static String toCamel(String part) {
    StringBuilder out = new StringBuilder(part.length());
    boolean upper = true;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '-') {
        upper = true;
        continue;
      }
      out.append(upper ? Character.toUpperCase(c) : c);
      // as strings.Title: a letter after anything but a letter, digit or underscore starts a word
      upper = !(Character.isLetterOrDigit(c) || c == '_');
    }
    return out.toString();
  }

  static String methodName(List<String> parts) {
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(toCamel(part));
    }
    return out.toString();
  }

  static boolean isVersion(String part) {
    if (part.length() < 2 || part.charAt(0) != 'v') {
      return false;
    }
    for (int i = 1; i < part.length(); i++) {
      if (part.charAt(i) < '0' || part.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The non-empty segments of a path (as Go's {@code path.Clean} leaves them). */
  static List<String> parts(String path) {
    List<String> parts = new ArrayList<>(4);
    int start = 0;
    int length = path.length();
    while (start < length) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? length : slash;
      if (end > start) {
        String part = path.substring(start, end);
        if (part.equals("..")) {
          if (!parts.isEmpty()) {
            parts.remove(parts.size() - 1);
          }
        } else if (!part.equals(".")) {
          parts.add(part);
        }
      }
      start = end + 1;
    }
    return parts;
  }
}
