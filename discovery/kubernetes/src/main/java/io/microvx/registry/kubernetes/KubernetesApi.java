package io.microvx.registry.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The fabric8 client the registry talks through, on the application's Vert.x (its Vert.x 5 HTTP
 * client), configured from the pod's service account, a kubeconfig or an address. fabric8's calls wait
 * for their answers, so each runs on a worker thread and completes on the caller's context.
 */
final class KubernetesApi {

  static final String ERROR_ID = "go.micro.registry";
  static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

  /** Where the configuration is read from: the process's environment, or a test's. */
  record Environment(Map<String, String> variables, Path serviceAccount, Path home) {
    static Environment of() {
      return new Environment(System.getenv(), Path.of(SERVICE_ACCOUNT), Path.of(System.getProperty("user.home")));
    }
  }

  private final Vertx vertx;
  private final KubernetesClient client;
  private final String address;
  private final String namespace;
  private final String pod;
  private final long timeoutMs;

  KubernetesApi(Vertx vertx, KubernetesRegistryOptions options, Environment environment) {
    this.vertx = vertx;
    Config config = config(options, environment);
    this.address = config.getMasterUrl().replaceAll("/+$", "");
    this.namespace = options.getNamespace() != null ? options.getNamespace()
      : config.getNamespace() != null ? config.getNamespace() : "default";
    this.pod = options.getPod() != null ? options.getPod() : environment.variables().get("HOSTNAME");
    this.timeoutMs = Math.max(1, options.getTimeout().toMillis());
    this.client = new KubernetesClientBuilder().withConfig(config)
      .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
  }

  /** The cluster's configuration; none found is one line saying where it looked. */
  static Config config(KubernetesRegistryOptions options, Environment environment) {
    Map<String, String> env = environment.variables();
    Path token = environment.serviceAccount().resolve("token");
    String serviceHost = env.get("KUBERNETES_SERVICE_HOST");
    Path kubeconfig = options.getConfig() != null ? Path.of(options.getConfig())
      : env.get("KUBECONFIG") != null && !env.get("KUBECONFIG").isBlank() ? Path.of(env.get("KUBECONFIG").split(java.io.File.pathSeparator)[0])
      : environment.home().resolve(".kube").resolve("config");
    Config config;
    if (options.getConfig() == null && serviceHost != null && !serviceHost.isBlank() && Files.isReadable(token)) {
      config = inCluster(env, environment.serviceAccount(), serviceHost);
    } else if (Files.isReadable(kubeconfig)) {
      try {
        config = Config.fromKubeconfig(options.getContext(), Files.readString(kubeconfig), kubeconfig.toString());
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("kubernetes_config: cannot read the kubeconfig " + kubeconfig + ": " + oneLine(e));
      }
    } else if (options.getConfig() != null) {
      throw new IllegalArgumentException("kubernetes_config: no kubeconfig at " + kubeconfig);
    } else if (options.getAddress() != null) {
      config = new ConfigBuilder(Config.empty()).build();
    } else {
      throw new IllegalArgumentException("kubernetes registry: no cluster to talk to: not in a pod (KUBERNETES_SERVICE_HOST"
        + " unset or no service-account token) and no kubeconfig at " + kubeconfig
        + "; set kubernetes_config or registry_address");
    }
    if (options.getAddress() != null) {
      config.setMasterUrl(options.getAddress());
    }
    int timeout = (int) Math.min(Integer.MAX_VALUE, options.getTimeout().toMillis());
    config.setConnectionTimeout(timeout);
    config.setRequestTimeout(timeout);
    // a bad address must fail at once, not after fabric8's ten retries
    config.setRequestRetryBackoffLimit(0);
    // a cut watch is resumed by KubernetesWatch, which knows when to list again and when to give up
    config.setWatchReconnectLimit(0);
    return config;
  }

  private static Config inCluster(Map<String, String> env, Path serviceAccount, String host) {
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl("https://" + hostPart + ":" + port)
      .withOauthTokenProvider(new TokenFile(serviceAccount.resolve("token")));
    Path ca = serviceAccount.resolve("ca.crt");
    if (Files.isReadable(ca)) {
      builder.withCaCertFile(ca.toString());
    }
    Path namespace = serviceAccount.resolve("namespace");
    try {
      if (Files.isReadable(namespace)) {
        builder.withNamespace(Files.readString(namespace).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return builder.build();
  }

  /** The service-account token, read again every minute: the kubelet rotates it. */
  private static final class TokenFile implements OAuthTokenProvider {
    private final Path file;
    private volatile String token;
    private volatile long readAt;

    TokenFile(Path file) {
      this.file = file;
    }

    @Override
    public String getToken() {
      long now = System.nanoTime();
      if (token == null || now - readAt > 60_000_000_000L) {
        try {
          token = Files.readString(file).trim();
          readAt = now;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the service-account token " + file, e);
        }
      }
      return token;
    }
  }

  KubernetesClient client() {
    return client;
  }

  String address() {
    return address;
  }

  String namespace() {
    return namespace;
  }

  /** This process's pod, or null when it has none (not in a pod, no {@code kubernetes_pod}). */
  String pod() {
    return pod;
  }

  /** Runs a fabric8 call on a worker thread; its result or failure (as a MicroException) comes back on the caller's context. */
  <T> Future<T> call(String what, Callable<T> call) {
    return call(what, call, late -> { });
  }

  /**
   * As {@link #call(String, Callable)}, bounded by the configured timeout: fabric8 waits for a watch to
   * start without a limit of its own, and a start its HTTP client never completes would hang the watch
   * for good. Past the timeout the call fails with 504 and its thread is interrupted; a result that still
   * comes goes to {@code late} (a watch opened too late is closed there).
   */
  <T> Future<T> call(String what, Callable<T> call, Consumer<T> late) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<T> promise = context.promise();
    Thread[] running = {null};
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (promise.tryFail(failure(what, new TimeoutException("no answer within " + timeoutMs + " ms")))) {
        synchronized (running) {
          if (running[0] != null) {
            running[0].interrupt();
          }
        }
      }
    });
    context.<T>executeBlocking(() -> {
      synchronized (running) {
        running[0] = Thread.currentThread();
      }
      try {
        return call.call();
      } catch (KubernetesClientException e) {
        throw failure(what, e);
      } finally {
        synchronized (running) {
          running[0] = null;
          Thread.interrupted(); // an interrupt meant for this call does not reach the pool's next task
        }
      }
    }, false).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        if (!promise.tryComplete(ar.result())) {
          late.accept(ar.result());
        }
      } else {
        promise.tryFail(ar.cause());
      }
    });
    return promise.future();
  }

  /** A fabric8 failure as the registry reports it: one line naming the API server and what failed. */
  MicroException failure(String what, Throwable failure) {
    if (failure instanceof MicroException micro) {
      return micro;
    }
    int code = failure instanceof KubernetesClientException k ? k.getCode() : 0;
    String at = "kubernetes API at " + address;
    if (code == 401) {
      return new MicroException(ERROR_ID, at + " refused the credentials (" + what + ")", 401, failure);
    }
    if (code == 403) {
      return new MicroException(ERROR_ID, at + " forbids " + what + " in namespace " + namespace
        + " to this service account: it needs get, list, watch and patch on pods", 403, failure);
    }
    if (code > 0) {
      String message = failure instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
        ? k.getStatus().getMessage() : "HTTP " + code;
      return new MicroException(ERROR_ID, at + " failed " + what + ": " + message, code >= 500 ? 502 : code, failure);
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException
        || cause instanceof java.net.SocketTimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException) {
        return new MicroException(ERROR_ID, at + " did not answer in time (" + what + ")", 504, failure);
      }
    }
    return new MicroException(ERROR_ID, at + " is unreachable", 503, failure);
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Closes the client; the application's Vert.x stays open. */
  Future<Void> close() {
    return vertx.getOrCreateContext().executeBlocking(() -> {
      client.close();
      return null;
    }, false);
  }
}
