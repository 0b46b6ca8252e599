package io.microvx.security;

/**
 * Where a listener binds, read from a {@code host:port} option: {@code :8080} and {@code 0.0.0.0:8080} mean
 * every interface, {@code [::1]:8080} an IPv6 host, port 0 one the system picks.
 */
public record ListenAddress(String host, int port) {

  /** The address's parts; fails naming {@code option} unless it is {@code host:port} with a port in 0..65535. */
  public static ListenAddress parse(String option, String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon < 0) {
      throw invalid(option, address);
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw invalid(option, address);
      }
      return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    } catch (NumberFormatException e) {
      throw invalid(option, address);
    }
  }

  private static IllegalArgumentException invalid(String option, String address) {
    return new IllegalArgumentException("invalid " + option + " \"" + address + "\": expected host:port");
  }

  /** Whether only this machine can reach it. */
  public boolean isLoopback() {
    return HostGuard.isLoopbackBind(host);
  }
}
