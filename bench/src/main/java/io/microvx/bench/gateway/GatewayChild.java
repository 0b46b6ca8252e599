package io.microvx.bench.gateway;

import io.microvx.examples.greeter.GreeterVerticle;
import io.microvx.gateway.GatewayVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A process of the gateway scenario: {@code greeter <instances>} or {@code gateway <instances> <greeter
 * host:port>}, that many verticle instances on one Vert.x sharing one port on 127.0.0.1, then one line
 * {@value #READY}{@code host:port} on standard output. For the scale scenario, {@code greeter <instances>
 * proxy:<host:port>} registers the greeter through micro server's registry at that address, and {@code gateway
 * <instances> proxy:<host:port>} finds it there.
 *
 * <p>The port is one the system has just given out (see {@link #deploy}), so nothing here depends on a
 * fixed port being free. The gateway reaches the greeter through {@code api_static_nodes}
 * (its own memory registry, no registry shared across processes); everything else is its default
 * configuration (the rpc handler behind {@code /greeter/say/hello}, Prometheus metrics on, no rate limit).
 */
final class GatewayChild {

  static final String READY = "microvx-bench: listening on ";
  /** The prefix of an argument naming micro server's registry (its proxy) rather than a greeter. */
  static final String PROXY = "proxy:";

  private GatewayChild() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args[0].equals("gateway") && args.length < 3) {
      System.err.println("usage: GatewayChild greeter <instances> [proxy:<host:port>]"
        + " | gateway <instances> <greeter host:port>|proxy:<host:port>");
      System.exit(2);
    }
    int instances = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    String address;
    try {
      address = switch (args[0]) {
        case "greeter" -> greeter(vertx, instances, args.length > 2 && args[2].startsWith(PROXY)
          ? args[2].substring(PROXY.length()) : null);
        case "gateway" -> gateway(vertx, instances, args[2]);
        default -> throw new IllegalArgumentException("greeter or gateway, not " + args[0]);
      };
    } catch (Exception e) {
      // Vert.x's threads would keep a process that failed to start up: exit, so the runner hears at once
      e.printStackTrace();
      System.exit(1);
      return;
    }
    System.out.println(READY + address);
    System.out.flush();
    // Vert.x's threads keep the process up until the runner stops it
  }

  private static String greeter(Vertx vertx, int instances, String proxy) throws Exception {
    // alone in its process: the memory registry and broker, as in the start-up scenario, unless given a proxy
    JsonObject config = proxy == null ? new JsonObject().put("registry", "memory").put("broker", "memory")
      : new JsonObject().put("registry", "proxy").put("proxy_address", proxy).put("broker", "memory");
    return deploy(vertx, instances, GreeterVerticle::new,
      port -> config.copy().put("server_address", "127.0.0.1:" + port));
  }

  private static String gateway(Vertx vertx, int instances, String greeter) throws Exception {
    JsonObject config = greeter.startsWith(PROXY)
      ? new JsonObject().put("registry", "proxy").put("proxy_address", greeter.substring(PROXY.length()))
      : new JsonObject().put("registry", "memory").put("api_static_nodes", new JsonObject().put("greeter", greeter));
    return deploy(vertx, instances, GatewayVerticle::new,
      port -> config.copy().put("api_address", "127.0.0.1:" + port));
  }

  /**
   * Deploys the instances on a port the system has just given out, all on the same one (Vert.x shares one
   * host:port among the servers of one Vert.x, one event loop each; port 0 would give each its own port).
   * Should another process take the port in between, the next try takes another. Returns host:port.
   */
  private static String deploy(Vertx vertx, int instances, Supplier<Deployable> verticles,
                               IntFunction<JsonObject> config) throws Exception {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      try {
        DeploymentOptions deployment = new DeploymentOptions().setInstances(instances).setConfig(config.apply(port));
        await(vertx.deployVerticle(verticles, deployment));
        return "127.0.0.1:" + port;
      } catch (ExecutionException e) {
        if (attempt == 3 || !(rootCause(e) instanceof BindException)) {
          throw e;
        }
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
