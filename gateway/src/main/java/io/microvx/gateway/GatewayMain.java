package io.microvx.gateway;

import io.microvx.config.MicroConfig;
import io.microvx.gateway.limit.RateLimits;
import io.microvx.gateway.metrics.GatewayMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar micro-api.jar [--flags]}: the gateway alone, one instance per core on one Vert.x,
 * sharing metrics and rate limits. Options as everywhere: {@code MICRO_*} variables, then flags
 * ({@code --api_address=127.0.0.1:8080 --api_static_nodes=greeter=127.0.0.1:8090}). Stops on SIGTERM or
 * Ctrl-C, letting requests in flight finish.
 */
public final class GatewayMain {

  private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(usage());
      return;
    }
    JsonObject config;
    GatewayOptions options;
    try {
      config = MicroConfig.load(null, System.getenv(), Arrays.asList(args));
      options = new GatewayOptions(config);
    } catch (IllegalArgumentException e) {
      System.err.println("micro api: " + e.getMessage());
      System.exit(2);
      return;
    }
    int instances = options.getInstances() > 0 ? options.getInstances() : Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    GatewayMetrics metrics = options.isMetrics() ? GatewayMetrics.prometheus() : null;
    RateLimits limits = RateLimits.create(options.getRate(), GatewayRouter::label);
    CountDownLatch started = new CountDownLatch(1);
    boolean[] ok = {false};
    vertx.deployVerticle(() -> new GatewayVerticle(gateway -> gateway.metrics(metrics).limits(limits)),
        new DeploymentOptions().setInstances(instances).setConfig(config))
      .onComplete(ar -> {
        if (ar.succeeded()) {
          ok[0] = true;
          log.info("micro api listening on {} ({} instances, namespace {}, handler {})", options.getAddress(),
            instances, options.getNamespace(), options.getHandler());
        } else {
          System.err.println("micro api: cannot start: " + ar.cause().getMessage());
        }
        started.countDown();
      });
    started.await();
    if (!ok[0]) {
      vertx.close();
      System.exit(1);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      CountDownLatch closed = new CountDownLatch(1);
      vertx.close().onComplete(ar -> closed.countDown());
      try {
        closed.await(options.getTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "micro-api-shutdown"));
  }

  static String usage() {
    return String.join("\n",
      "usage: java -jar micro-api.jar [--option=value ...]   (or MICRO_OPTION=value)",
      "",
      "  --api_address=127.0.0.1:8080     where to listen; beyond loopback only with --auth_required and a credential,",
      "                                   or --api_open=true (the gateway is meant to be open to all)",
      "  --api_tls_cert=cert.pem --api_tls_key=key.pem   serve HTTPS",
      "  --api_route_namespace=go.micro.api   only these services' endpoint metadata may declare routes",
      "  --api_namespace=go.micro.api     tried first when resolving /greeter/... (go.micro.api.greeter, then greeter)",
      "  --api_handler=meta               meta | rpc | api | http | web | event",
      "  --enable_rpc                     serve POST /rpc {service, endpoint, request}",
      "  --api_timeout=5s                 per request; 504 beyond",
      "  --api_max_body_size=4194304      413 beyond",
      "  --api_static_nodes=greeter=127.0.0.1:8090   services to reach without a shared registry",
      "  --cors_allowed_origins=https://app.example.com   (* cannot go with --cors_allow_credentials)",
      "  --auth_required --auth_jwt_secret=... | --auth_jwt_public_key=<PEM> | --auth_api_keys=key=identity",
      "  --rate_client=100 --rate_route=1000   requests per second; 429 beyond",
      "  --registry=memory --client_request_timeout=5s ...   the core's options",
      "",
      "docs/gateway.md lists every option.");
  }
}
