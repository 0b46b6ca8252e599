package io.microvx.registry.mdns;

import io.microvx.plugin.RegistryProvider;
import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code mdns}: services find each other on one LAN with multicast DNS, no server at all, in go-micro's
 * layout so Go services using go-micro's mdns registry and ours see each other. Options:
 * {@link MdnsRegistryOptions}.
 */
public final class MdnsRegistryProvider implements RegistryProvider {

  @Override
  public String name() {
    return "mdns";
  }

  @Override
  public Registry create(Vertx vertx, JsonObject config) {
    return registry(vertx, new MdnsRegistryOptions(config));
  }

  /**
   * An mDNS registry with these options, as {@code MICRO_REGISTRY=mdns} makes one. Fails at once, with one
   * line, when the interface named is missing, down or cannot multicast, or none can be found.
   */
  public static Registry registry(Vertx vertx, MdnsRegistryOptions options) {
    return new MdnsRegistry(vertx, new MdnsRegistryOptions(options));
  }
}
