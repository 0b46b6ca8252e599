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
    return EtcdRegistryProvider.create(vertx, new EtcdRegistryOptions(config));
  }

  /** An etcd registry with the given options, for use in code. */
  public static Registry create(Vertx vertx, EtcdRegistryOptions options) {
    return new EtcdRegistry(vertx, new EtcdRegistryOptions(options));
  }
}
