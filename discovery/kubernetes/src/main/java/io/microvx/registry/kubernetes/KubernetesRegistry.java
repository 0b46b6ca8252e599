package io.microvx.registry.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.Services;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code kubernetes} registry, go-micro's layout on pods (see {@link PodLayout}). A process
 * registers only on its own pod: Kubernetes decides which pods exist, so a node of another pod, or a
 * registration from outside any pod, is refused. There are no TTLs: a registration lasts while its pod
 * runs.
 */
final class KubernetesRegistry implements Registry {

  private static final int CONFLICT_RETRIES = 5;

  private final Vertx vertx;
  private final KubernetesApi api;
  /** The pod a node runs in: this process's own pod (a test maps each node to a pod of its own). */
  private final Function<Node, String> podOf;
  private final Set<Watcher> watches = java.util.concurrent.ConcurrentHashMap.newKeySet();

  KubernetesRegistry(Vertx vertx, KubernetesApi api, Function<Node, String> podOf) {
    this.vertx = vertx;
    this.api = api;
    this.podOf = podOf;
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions options) {
    // one worker call for every pod concerned: finding a node's pod may itself wait (a test's pods)
    return Services.validate(service).compose(v -> api.call("patch pods", () -> {
      byPod(service, "register").forEach((pod, nodes) ->
        edit(pod, service.name(), true, current -> registered(current, service.withNodes(nodes))));
      return null;
    }));
  }

  @Override
  public Future<Void> deregister(Service service) {
    return Services.validate(service).compose(v -> api.call("patch pods", () -> {
      byPod(service, "deregister").forEach((pod, nodes) ->
        edit(pod, service.name(), false, current -> deregistered(current, service.withNodes(nodes))));
      return null;
    }));
  }

  /** The service's nodes by the pod each runs in; a node without one fails the call. */
  private Map<String, List<Node>> byPod(Service service, String verb) {
    Map<String, List<Node>> pods = new LinkedHashMap<>();
    for (Node node : service.nodes()) {
      String pod = podOf.apply(node);
      if (pod == null) {
        throw MicroException.forbidden(KubernetesApi.ERROR_ID, "cannot %s %s: this process runs in no pod"
          + " (HOSTNAME and kubernetes_pod unset); Kubernetes decides which pods exist, so a service registers"
          + " from inside its own pod", verb, service.name());
      }
      pods.computeIfAbsent(pod, p -> new ArrayList<>()).add(node);
    }
    return pods;
  }

  /** What the pod holds for a service once these nodes are registered: one version per name per pod, as in go-micro. */
  private static Service registered(Service current, Service adding) {
    if (current == null || !Objects.equals(current.version(), adding.version())) {
      return adding;
    }
    return Services.merge(List.of(current), new WatchEvent(WatchEvent.Action.CREATE, adding)).get(0);
  }

  /** What the pod holds once these nodes are deregistered, null for nothing. */
  private static Service deregistered(Service current, Service removing) {
    if (current == null || removing.version() != null && !removing.version().equals(current.version())) {
      return current;
    }
    Set<String> ids = removing.nodes().stream().map(Node::id).collect(Collectors.toSet());
    List<Node> left = current.nodes().stream().filter(node -> !ids.contains(node.id())).toList();
    return left.isEmpty() ? null : current.withNodes(left);
  }

  /**
   * Reads the pod, works out what its annotation for the service becomes and patches it when that
   * changed, guarded by the pod's resourceVersion (a conflicting write is read again). On a worker thread.
   */
  private void edit(String podName, String service, boolean registering, Function<Service, Service> change) {
    for (int attempt = 0; ; attempt++) {
      Pod pod = api.client().pods().inNamespace(api.namespace()).withName(podName).get();
      if (pod == null) {
        if (!registering) {
          return; // the pod is gone, and what it held with it
        }
        throw MicroException.forbidden(KubernetesApi.ERROR_ID, "cannot register %s: no pod %s in namespace %s;"
          + " Kubernetes decides which pods exist, so a service registers from inside its own pod", service, podName,
          api.namespace());
      }
      Service current = PodLayout.service(pod, service);
      Service next = change.apply(current);
      if (registering) {
        ownNodes(pod, next);
      }
      if (Objects.equals(current, next) && (next == null || hasLabels(pod, service))) {
        return; // unchanged: no write, so watchers see nothing
      }
      Map<String, Object> labels = new LinkedHashMap<>();
      Map<String, Object> annotations = new LinkedHashMap<>();
      if (next == null) {
        labels.put(PodLayout.selectorLabel(service), null);
        annotations.put(PodLayout.annotation(service), null);
      } else {
        labels.put(PodLayout.TYPE_LABEL, PodLayout.TYPE_VALUE);
        labels.put(PodLayout.selectorLabel(service), PodLayout.SELECTOR_VALUE);
        annotations.put(PodLayout.annotation(service), PodLayout.encode(next));
      }
      JsonObject patch = new JsonObject().put("metadata", new JsonObject()
        .put("resourceVersion", pod.getMetadata().getResourceVersion())
        .put("labels", new JsonObject(labels)).put("annotations", new JsonObject(annotations)));
      try {
        api.client().pods().inNamespace(api.namespace()).withName(podName)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.encode());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }

  private static boolean hasLabels(Pod pod, String service) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null && PodLayout.TYPE_VALUE.equals(labels.get(PodLayout.TYPE_LABEL))
      && PodLayout.SELECTOR_VALUE.equals(labels.get(PodLayout.selectorLabel(service)));
  }

  /** Refuses nodes whose address is not one of the pod's: they would be another pod's (or no pod's). */
  private static void ownNodes(Pod pod, Service service) {
    Set<String> ips = new LinkedHashSet<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getPodIP() != null) {
        ips.add(pod.getStatus().getPodIP());
      }
      if (pod.getStatus().getPodIPs() != null) {
        pod.getStatus().getPodIPs().stream().map(PodIP::getIp).filter(Objects::nonNull).forEach(ips::add);
      }
    }
    if (ips.isEmpty()) {
      return; // not scheduled yet: nothing to check against
    }
    for (Node node : service.nodes()) {
      String host = host(node.address());
      if (!ips.contains(host)) {
        throw MicroException.forbidden(KubernetesApi.ERROR_ID, "cannot register node %s at %s on pod %s (%s):"
          + " Kubernetes decides which pods exist, so a node is registered only by the pod it runs in",
          node.id(), node.address(), pod.getMetadata().getName(), String.join(", ", ips));
      }
    }
  }

  private static String host(String address) {
    if (address == null) {
      return "";
    }
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      return end < 0 ? address : address.substring(1, end);
    }
    int colon = address.lastIndexOf(':');
    return colon < 0 || address.indexOf(':') != colon ? address : address.substring(0, colon);
  }

  @Override
  public Future<List<Service>> getService(String name) {
    return api.call("list pods", () -> api.client().pods().inNamespace(api.namespace())
      .withLabel(PodLayout.selectorLabel(name), PodLayout.SELECTOR_VALUE).list().getItems())
      .map(pods -> {
        List<Service> versions = new ArrayList<>();
        for (Pod pod : pods) {
          Service service = PodLayout.running(pod) ? PodLayout.service(pod, name) : null;
          if (service != null) {
            versions = Services.merge(versions, new WatchEvent(WatchEvent.Action.CREATE, service));
          }
        }
        return versions;
      });
  }

  @Override
  public Future<List<Service>> listServices() {
    return api.call("list pods", () -> api.client().pods().inNamespace(api.namespace())
      .withLabel(PodLayout.TYPE_LABEL, PodLayout.TYPE_VALUE).list().getItems())
      .map(pods -> {
        List<Service> versions = new ArrayList<>();
        for (Pod pod : pods) {
          for (Service service : PodLayout.services(pod)) {
            versions = Services.merge(versions, new WatchEvent(WatchEvent.Action.CREATE, service));
          }
        }
        return versions;
      });
  }

  @Override
  public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
    return KubernetesWatch.start(vertx, api, new WatchOptions(options), handler).onSuccess(watcher -> {
      watches.add(watcher);
      watcher.closed().onComplete(done -> watches.remove(watcher));
    });
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> stopped = watches.stream().map(Watcher::stop).toList();
    return Future.join(stopped).eventually(api::close).mapEmpty();
  }
}
