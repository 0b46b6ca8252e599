package io.microvx.registry;

import java.util.Map;

/**
 * One running instance of a service: {@code {"id","address","metadata"}}, the address being
 * {@code host:port} as go-micro has used since v1.8 ({@code [v6]:port} for IPv6 hosts).
 */
public record Node(String id, String address, Map<String, String> metadata) {

  public Node {
    metadata = metadata == null ? Map.of() : Map.copyOf(Service.withoutNulls(metadata));
  }

  public Node(String id, String address) {
    this(id, address, Map.of());
  }

  /** The host part of the address, brackets of an IPv6 literal removed. */
  public String host() {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** The port part of the address, or -1 when there is none. */
  public int port() {
    int colon = address.lastIndexOf(':');
    if (colon < 0 || address.endsWith("]")) {
      return -1;
    }
    try {
      return Integer.parseInt(address, colon + 1, address.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Joins host and port into a node address, bracketing IPv6 literals. */
  public static String address(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}
