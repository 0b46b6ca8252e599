package io.microvx.registry.mdns;

import io.microvx.registry.Registry;
import io.microvx.testing.RegistryContract;

/**
 * The registry contract between mDNS registries on the loopback of the test JVM's own network namespace:
 * each registry has a socket of its own, so every registration, lookup and watch goes through multicast
 * packets as between processes.
 *
 * <p>The outage cases skip ({@link #backend()} is empty): there is no backend to take away. mDNS's outage,
 * the interface going down, is {@link MdnsInterfaceDownTest}; the contract's cache case could not pass
 * anyway, as it deregisters a node through a registry other than the one that registered it, and on mDNS
 * only a node's own process answers for it (as in go-micro).
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
