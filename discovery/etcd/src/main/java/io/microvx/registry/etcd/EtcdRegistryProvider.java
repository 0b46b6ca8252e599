package io.microvx.registry.etcd;

import io.microvx.plugin.RegistryProvider;
import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * {@code etcd} (also {@code etcdv3}): services kept in etcd 3 in go-micro's layout, so Go and Java
 * services share one registry. Options: {@link EtcdRegistryOptions}.
 */
public final class EtcdRegistryProvider implements RegistryProvider {

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("etcdv3");
  }

  @Override
  public Registry create(Vertx vertx, JsonObject config) {
    return registry(vertx, new EtcdRegistryOptions(config));
  }

  /** An etcd registry with these options, as {@code MICRO_REGISTRY=etcd} makes one. */
  public static Registry registry(Vertx vertx, EtcdRegistryOptions options) {
    return new EtcdRegistry(vertx, new EtcdRegistryOptions(options));
  }
}
