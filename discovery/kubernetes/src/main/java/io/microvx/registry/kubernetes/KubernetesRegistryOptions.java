package io.microvx.registry.kubernetes;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Options of the {@code kubernetes} registry. From flat options: {@code registry_address} (the API
 * server's URL, overriding the configuration's), {@code kubernetes_config} (a kubeconfig file),
 * {@code kubernetes_context}, {@code kubernetes_namespace}, {@code kubernetes_pod},
 * {@code kubernetes_timeout} — as environment variables {@code MICRO_REGISTRY_ADDRESS},
 * {@code MICRO_KUBERNETES_CONFIG} and so on. Unset, the cluster is the one the pod runs in (its service
 * account), else the one of {@code $KUBECONFIG} or {@code ~/.kube/config}; the pod is {@code $HOSTNAME}
 * and the namespace the service account's.
 */
public class KubernetesRegistryOptions {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private String address;
  private String config;
  private String context;
  private String namespace;
  private String pod;
  private Duration timeout = DEFAULT_TIMEOUT;

  public KubernetesRegistryOptions() {
  }

  public KubernetesRegistryOptions(KubernetesRegistryOptions other) {
    this.address = other.address;
    this.config = other.config;
    this.context = other.context;
    this.namespace = other.namespace;
    this.pod = other.pod;
    this.timeout = other.timeout;
  }

  /** From flat options, as {@code micro} and {@code MICRO_*} variables give them. */
  public KubernetesRegistryOptions(JsonObject json) {
    setAddress(json.getString("registry_address"));
    config = blankToNull(json.getString("kubernetes_config"));
    context = blankToNull(json.getString("kubernetes_context"));
    namespace = blankToNull(json.getString("kubernetes_namespace"));
    pod = blankToNull(json.getString("kubernetes_pod"));
    if (json.containsKey("kubernetes_timeout")) {
      setTimeout(Durations.parse(json.getValue("kubernetes_timeout")));
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kubernetes_timeout", Durations.format(timeout));
    putIfSet(json, "registry_address", address);
    putIfSet(json, "kubernetes_config", config);
    putIfSet(json, "kubernetes_context", context);
    putIfSet(json, "kubernetes_namespace", namespace);
    putIfSet(json, "kubernetes_pod", pod);
    return json;
  }

  public String getAddress() {
    return address;
  }

  /**
   * The API server, {@code https://host:port} ({@code host:port} means HTTPS); unset, the configuration's.
   * Given without any configuration, requests carry no credentials (a {@code kubectl proxy}, a test server).
   */
  public KubernetesRegistryOptions setAddress(String address) {
    String value = blankToNull(address);
    if (value != null && !value.contains("://")) {
      value = "https://" + value;
    }
    if (value != null) {
      try {
        java.net.URI uri = java.net.URI.create(value);
        if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("registry_address: not a Kubernetes API address: " + address);
      }
    }
    this.address = value;
    return this;
  }

  public String getConfig() {
    return config;
  }

  /** A kubeconfig file; used when not in a pod (default {@code $KUBECONFIG}, then {@code ~/.kube/config}). */
  public KubernetesRegistryOptions setConfig(String config) {
    this.config = blankToNull(config);
    return this;
  }

  public String getContext() {
    return context;
  }

  /** The kubeconfig's context to use; unset, its current one. */
  public KubernetesRegistryOptions setContext(String context) {
    this.context = blankToNull(context);
    return this;
  }

  public String getNamespace() {
    return namespace;
  }

  /** Where the pods are; unset, the service account's namespace, else the kubeconfig context's, else {@code default}. */
  public KubernetesRegistryOptions setNamespace(String namespace) {
    this.namespace = blankToNull(namespace);
    return this;
  }

  public String getPod() {
    return pod;
  }

  /** This process's own pod, the only one it registers on; unset, {@code $HOSTNAME} (a pod's name). */
  public KubernetesRegistryOptions setPod(String pod) {
    this.pod = blankToNull(pod);
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  /** Bound on connecting to the API server and on each request. */
  public KubernetesRegistryOptions setTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("kubernetes_timeout must be positive");
    }
    this.timeout = timeout;
    return this;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
