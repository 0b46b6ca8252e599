package io.microvx.transport;

import io.microvx.registry.Node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Which address a listener registers, as go-micro's {@code addr.Extract}. */
public final class Addresses {

  private Addresses() {
  }

  /**
   * The advertise option when set (its port filled in when it has none); otherwise the bound address,
   * with a wildcard host replaced by a private IPv4 address of this machine (loopback if it has none).
   */
  public static String advertised(String advertise, String boundHost, int boundPort) {
    if (advertise != null && !advertise.isBlank()) {
      int colon = advertise.lastIndexOf(':');
      boolean hasPort = colon > 0 && !advertise.endsWith("]");
      return hasPort ? advertise : Node.address(advertise, boundPort);
    }
    if (isWildcard(boundHost)) {
      return Node.address(privateAddress(), boundPort);
    }
    return Node.address(boundHost, boundPort);
  }

  /** The host part of a {@code host:port} listen address, brackets removed; empty for {@code :port}. */
  public static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? address : address.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean isWildcard(String host) {
    return host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /** A site-local IPv4 address first, then any non-loopback IPv4, then 127.0.0.1. */
  public static String privateAddress() {
    String fallback = null;
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (!(address instanceof Inet4Address) || address.isLoopbackAddress()) {
            continue;
          }
          if (address.isSiteLocalAddress()) {
            return address.getHostAddress();
          }
          if (fallback == null) {
            fallback = address.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // no interfaces to read: loopback it is
    }
    return fallback != null ? fallback : "127.0.0.1";
  }
}
