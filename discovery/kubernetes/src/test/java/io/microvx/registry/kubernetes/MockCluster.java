package io.microvx.registry.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * fabric8's Kubernetes mock server in CRUD mode (a real HTTP API on 127.0.0.1, holding what is written to
 * it) behind an {@link ApiGate} the tests close to cut the registry off, with an admin client standing in
 * for the kubelet: it makes pods, Running with an IP, and changes their phase. It can also answer the
 * next resumed watch with {@code 410 Gone}, as a server that no longer has the resourceVersion does.
 */
final class MockCluster implements AutoCloseable {

  static final String NAMESPACE = "micro";
  static final String POD_IP = "127.0.0.1";

  private final AtomicBoolean goneOnce = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger podLists = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.List<String> watchedFrom = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger refusing = new java.util.concurrent.atomic.AtomicInteger();
  private final KubernetesMockServer server;
  private final KubernetesClient admin;
  private final Vertx gateVertx = Vertx.vertx();
  private final ApiGate gate;
  private final Set<String> pods = ConcurrentHashMap.newKeySet();

  MockCluster() {
    KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        if ("GET".equals(request.getMethod()) && path.contains("labelSelector=micro.mu%2Ftype%3Dservice")) {
          if (path.contains("watch=true")) {
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("resourceVersion=([^&]*)").matcher(path);
            watchedFrom.add(version.find() ? version.group(1) : "");
          } else {
            podLists.incrementAndGet();
          }
        }
        int refusal = refusing.get();
        if (refusal != 0) {
          return new MockResponse().setResponseCode(refusal).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"status\":\"Failure\",\"message\":\"refused\",\"code\":" + refusal + "}");
        }
        if ("GET".equals(request.getMethod()) && path.contains("watch=true") && path.contains("resourceVersion=")
          && !path.contains("resourceVersion=&") && goneOnce.compareAndSet(true, false)) {
          return new MockResponse().setResponseCode(410).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\",\"code\":410}");
        }
        return super.dispatch(request);
      }
    };
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), crud, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    admin = server.createClient();
    gate = new ApiGate(gateVertx, "127.0.0.1", server.getPort());
  }

  /** The API server's address as registries dial it: through the gate. */
  String address() {
    return "http://" + gate.address();
  }

  /** The API server itself, for a registry the gate must not cut off. */
  String directAddress() {
    return "http://127.0.0.1:" + server.getPort();
  }

  ApiGate gate() {
    return gate;
  }

  KubernetesClient admin() {
    return admin;
  }

  /** Makes the next watch opened from a resourceVersion answer 410 Gone. */
  void goneAtNextResume() {
    goneOnce.set(true);
  }

  /** Makes every request answer this status (401, 403, ...), as an API server refusing the caller; 0 serves again. */
  void refuseWith(int code) {
    refusing.set(code);
  }

  /** How many times the service pods were listed (not watched). */
  int podLists() {
    return podLists.get();
  }

  /** The resourceVersion each watch of the service pods started from, in order. */
  java.util.List<String> watchedFrom() {
    return java.util.List.copyOf(watchedFrom);
  }

  boolean goneAnswered() {
    return !goneOnce.get();
  }

  /** A pod as the kubelet would have it: Running, with an IP. */
  void runningPod(String name, String ip) {
    admin.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name)
      .withNamespace(NAMESPACE).endMetadata().withNewSpec().addNewContainer().withName("service")
      .withImage("service:1").endContainer().endSpec().build()).create();
    phase(name, "Running", ip);
    pods.add(name);
  }

  /** The pod's phase (and IP) changed, as the kubelet reports it. */
  void phase(String name, String phase, String ip) {
    admin.pods().inNamespace(NAMESPACE).withName(name).editStatus(pod -> new PodBuilder(pod).editOrNewStatus()
      .withPhase(phase).withPodIP(ip).endStatus().build());
  }

  Pod pod(String name) {
    return admin.pods().inNamespace(NAMESPACE).withName(name).get();
  }

  /** Where a test's nodes run: each in a Running pod of its own, named after the node's id, made when first needed. */
  Function<Node, String> podPerNode() {
    return node -> {
      synchronized (pods) {
        if (!pods.contains(node.id())) {
          runningPod(node.id(), POD_IP);
        }
      }
      return node.id();
    };
  }

  /** A registry against this cluster in namespace {@value #NAMESPACE}, nodes mapped to pods as given, no other configuration. */
  Registry registry(Vertx vertx, String address, Function<Node, String> podOf) {
    return registry(vertx, address, podOf, Duration.ofSeconds(10));
  }

  /** As {@link #registry(Vertx, String, Function)}, with this {@code kubernetes_timeout}. */
  Registry registry(Vertx vertx, String address, Function<Node, String> podOf, Duration timeout) {
    return KubernetesRegistryProvider.registry(vertx, new KubernetesRegistryOptions().setAddress(address)
        .setNamespace(NAMESPACE).setTimeout(timeout),
      new KubernetesApi.Environment(Map.of(), Path.of("/nonexistent/serviceaccount"), Path.of("/nonexistent/home")), podOf);
  }

  @Override
  public void close() {
    gate.close();
    admin.close();
    server.destroy();
    Await.result(gateVertx.close());
  }
}
