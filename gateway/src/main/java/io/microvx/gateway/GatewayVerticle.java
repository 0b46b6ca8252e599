package io.microvx.gateway;

import io.microvx.config.MicroConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The API gateway as a verticle: deploy one instance per event loop, and they share the port. Options
 * come from the deployment's {@code config()} ({@code -conf}) and {@code MICRO_*} variables; the setup
 * given to the constructor may add parts that the deployer owns (a registry, a broker, shared metrics
 * and limits), as {@code micro server} does:
 *
 * <pre>{@code
 * vertx.deployVerticle(() -> new GatewayVerticle(gateway -> gateway.registry(registry).broker(broker)),
 *   new DeploymentOptions().setInstances(2).setConfig(config));
 * }</pre>
 */
public class GatewayVerticle extends VerticleBase {

  private final Consumer<Gateway.Builder> setup;
  private Gateway gateway;

  /** A gateway configured only by {@code config()} and the environment. */
  public GatewayVerticle() {
    this(builder -> {
    });
  }

  public GatewayVerticle(Consumer<Gateway.Builder> setup) {
    this.setup = Objects.requireNonNull(setup, "setup");
  }

  @Override
  public Future<?> start() {
    // building reads plugins from the class path and parses keys: a worker's job, not the event loop's
    return vertx.executeBlocking(() -> {
      Gateway.Builder builder = Gateway.builder(vertx).config(MicroConfig.load(config(), System.getenv(), List.of()));
      setup.accept(builder);
      return builder.build();
    }).compose(built -> {
      gateway = built;
      return built.start();
    });
  }

  @Override
  public Future<?> stop() {
    return gateway == null ? Future.succeededFuture() : gateway.stop();
  }

  /** The running gateway, once started. */
  public Gateway gateway() {
    return gateway;
  }
}
