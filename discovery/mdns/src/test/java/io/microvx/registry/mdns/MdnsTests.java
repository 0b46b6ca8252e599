package io.microvx.registry.mdns;

import io.microvx.testing.Ci;

import java.time.Duration;

/** What the mDNS tests share: they run only inside the network namespace their JVM was started in. */
final class MdnsTests {

  private MdnsTests() {
  }

  /**
   * The namespace the test JVM runs in (made by src/test/netns/bin/java); fails under CI, skips elsewhere,
   * when the JVM is outside one, since mDNS would then multicast on the machine's own interfaces.
   */
  static String namespace() {
    String ns = System.getenv("MICRO_TEST_MDNS_NETNS");
    Ci.require(ns != null && !ns.isBlank(), "the mDNS tests multicast only inside a network namespace of their own,"
      + " which needs root and ip (surefire starts the JVM through src/test/netns/bin/java)");
    return ns;
  }

  /** Options for a registry on the namespace's loopback. */
  static MdnsRegistryOptions onLoopback() {
    namespace();
    return new MdnsRegistryOptions().setNetworkInterface("lo").setTimeout(Duration.ofMillis(300));
  }
}
