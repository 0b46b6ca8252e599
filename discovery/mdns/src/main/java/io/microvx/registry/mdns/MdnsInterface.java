package io.microvx.registry.mdns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Comparator;

/** Picks the one interface a registry multicasts on, failing with one line when there is none to use. */
final class MdnsInterface {

  private MdnsInterface() {
  }

  /** The interface named (by name or by one of its addresses), or the first usable one when none is. */
  static NetworkInterface resolve(String named) {
    try {
      if (named == null) {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .filter(MdnsInterface::usable).filter(nif -> !loopback(nif))
          .min(Comparator.comparingInt(NetworkInterface::getIndex))
          .orElseThrow(() -> new IllegalArgumentException(
            "mdns: no network interface is up with multicast and an IPv4 address; name one with mdns_interface"));
      }
      NetworkInterface nif = NetworkInterface.getByName(named);
      if (nif == null && named.matches("[0-9.]+|.*:.*")) {
        nif = NetworkInterface.getByInetAddress(InetAddress.getByName(named)); // a literal: no lookup
      }
      if (nif == null) {
        throw new IllegalArgumentException("mdns_interface: no network interface is named or has the address " + named);
      }
      if (!nif.isUp()) {
        throw new IllegalArgumentException("mdns_interface: " + nif.getName() + " is down");
      }
      if (!nif.supportsMulticast()) {
        throw new IllegalArgumentException("mdns_interface: " + nif.getName() + " does not support multicast");
      }
      if (ipv4(nif) == null) {
        throw new IllegalArgumentException("mdns_interface: " + nif.getName() + " has no IPv4 address");
      }
      return nif;
    } catch (SocketException | UnknownHostException e) {
      throw new IllegalArgumentException("mdns_interface: cannot read the network interfaces: " + e.getMessage(), e);
    }
  }

  /**
   * Whether a packet from this address came over the interface: from one of its subnets. A socket bound to
   * the wildcard address hears every interface where some socket of the host joined the group.
   */
  static boolean onLink(NetworkInterface nif, String senderHost) {
    byte[] from = MdnsLayout.ipLiteral(senderHost);
    if (from == null) {
      return false;
    }
    for (java.net.InterfaceAddress own : nif.getInterfaceAddresses()) {
      byte[] mine = own.getAddress().getAddress();
      if (mine.length != from.length) {
        continue;
      }
      int bits = own.getNetworkPrefixLength();
      boolean same = true;
      for (int i = 0; i < mine.length && bits > 0 && same; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        same = (mine[i] & mask) == (from[i] & mask);
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  /** Whether it is up, read afresh. */
  static boolean up(NetworkInterface nif) {
    try {
      return nif.isUp();
    } catch (SocketException e) {
      return false;
    }
  }

  static Inet4Address ipv4(NetworkInterface nif) {
    return Collections.list(nif.getInetAddresses()).stream().filter(Inet4Address.class::isInstance)
      .map(Inet4Address.class::cast).findFirst().orElse(null);
  }

  private static boolean usable(NetworkInterface nif) {
    try {
      return nif.isUp() && nif.supportsMulticast() && !nif.isVirtual() && ipv4(nif) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static boolean loopback(NetworkInterface nif) {
    try {
      return nif.isLoopback();
    } catch (SocketException e) {
      return true;
    }
  }
}
