package io.microvx.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hosts of a test's own: Linux network namespaces joined by veth pairs to a bridge that lives in a
 * namespace of its own too, so nothing touches the machine's interfaces. Each host gets {@code eth0}
 * with an address of the test's choosing on one /24, and loopback. Needs root and {@code ip}; where
 * namespaces cannot be made the test fails under CI and skips elsewhere. {@link #close()} deletes them
 * all (and with them every interface made).
 */
public final class Namespaces implements AutoCloseable {

  private final String id = UUID.randomUUID().toString().substring(0, 6);
  private final String bridge = "mvx-" + id + "-br";
  private final List<String> made = new ArrayList<>();
  private final String subnet;

  private Namespaces(String subnet) {
    this.subnet = subnet;
  }

  /** A private network {@code <subnet>.0/24} (e.g. {@code 10.251.0}) with its bridge, no hosts yet. */
  public static Namespaces network(String subnet) {
    boolean root = "root".equals(System.getProperty("user.name"));
    Ci.require(root, "network namespaces need root (this test makes hosts of its own with ip netns)");
    Namespaces namespaces = new Namespaces(subnet);
    try {
      namespaces.add(namespaces.bridge);
    } catch (AssertionError e) {
      Ci.require(false, "cannot make network namespaces here: " + e.getMessage());
    }
    namespaces.ip("-n", namespaces.bridge, "link", "add", "br0", "type", "bridge");
    namespaces.ip("-n", namespaces.bridge, "link", "set", "br0", "up");
    return namespaces;
  }

  /** A host named {@code name} at {@code <subnet>.<hostNumber>}; returns its namespace. */
  public String host(String name, int hostNumber) {
    String ns = "mvx-" + id + "-" + name;
    add(ns);
    String veth = "v" + id + hostNumber;
    ip("-n", bridge, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
    ip("-n", bridge, "link", "set", veth, "master", "br0", "up");
    ip("-n", ns, "addr", "add", address(hostNumber) + "/24", "dev", "eth0");
    ip("-n", ns, "link", "set", "eth0", "up");
    ip("-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  public String address(int hostNumber) {
    return subnet + "." + hostNumber;
  }

  /** The command run inside the namespace ({@code ip netns exec}). */
  public static List<String> in(String namespace, List<String> command) {
    List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    inside.addAll(command);
    return inside;
  }

  private void add(String ns) {
    ip("netns", "add", ns);
    made.add(ns);
  }

  private void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.waitFor() != 0) {
        throw new AssertionError(String.join(" ", command) + ": " + out);
      }
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    for (int i = made.size() - 1; i >= 0; i--) {
      try {
        ip("netns", "del", made.get(i));
      } catch (AssertionError e) {
        // already gone
      }
    }
    made.clear();
  }
}
