package io.microvx.registry.kubernetes;

import io.microvx.plugin.RegistryProvider;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * {@code kubernetes}: services kept on their pods as go-micro's kubernetes registry keeps them (labels
 * and an annotation per service), so Go and Java services in one namespace see each other. A process
 * registers on its own pod only. Options: {@link KubernetesRegistryOptions}.
 */
public final class KubernetesRegistryProvider implements RegistryProvider {

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public Registry create(Vertx vertx, JsonObject config) {
    return registry(vertx, new KubernetesRegistryOptions(config));
  }

  /**
   * A Kubernetes registry with these options, as {@code MICRO_REGISTRY=kubernetes} makes one. Without a
   * cluster to talk to (not in a pod, no kubeconfig, no address) it throws, saying where it looked.
   */
  public static Registry registry(Vertx vertx, KubernetesRegistryOptions options) {
    return registry(vertx, options, KubernetesApi.Environment.of(), null);
  }

  /** With the environment given, and (for tests) where each node runs; null: this process's own pod. */
  static Registry registry(Vertx vertx, KubernetesRegistryOptions options, KubernetesApi.Environment environment,
                           Function<Node, String> podOf) {
    KubernetesApi api = new KubernetesApi(vertx, new KubernetesRegistryOptions(options), environment);
    return new KubernetesRegistry(vertx, api, podOf != null ? podOf : node -> api.pod());
  }
}
