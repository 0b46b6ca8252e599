package io.microvx.registry.mdns;

import io.microvx.registry.Registry;
import io.microvx.testing.RegistryContract;

/**
 * The registry contract between mDNS registries on the loopback of the test JVM's own network namespace:
 * each registry has a socket of its own, so every registration, lookup and watch goes through multicast
 * packets as between processes. The outage cases skip: there is no backend to take away.
 */
class MdnsRegistryContractTest extends RegistryContract {

  @Override
  protected Registry newRegistry() {
    return MdnsRegistryProvider.registry(vertx, MdnsTests.onLoopback());
  }

  @Override
  protected boolean keepsServiceMetadata() {
    return false; // go-micro's TXT carries the node's metadata only
  }
}
