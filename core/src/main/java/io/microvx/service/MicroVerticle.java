package io.microvx.service;

import io.microvx.config.MicroConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;

/**
 * A service as a verticle, so several services share one Vert.x and its event loops, and
 * {@code io.vertx.launcher.application.VertxApplication} runs one from the command line:
 *
 * <pre>{@code
 * public class GreeterVerticle extends MicroVerticle {
 *   protected void configure(MicroService.Builder service) {
 *     service.name("greeter").handler(new Say());
 *   }
 * }
 * }</pre>
 *
 * The verticle's {@code config()} ({@code -conf}) and {@code MICRO_*} variables override what
 * {@link #configure} sets.
 */
public abstract class MicroVerticle extends VerticleBase {

  private MicroService service;

  /** Names the service and adds its handlers; called at each deployment. */
  protected abstract void configure(MicroService.Builder service);

  @Override
  public Future<?> start() {
    // building finds plugins on the class path, which reads files: a worker's job, not the event loop's
    return vertx.executeBlocking(() -> {
      MicroService.Builder builder = MicroService.builder(vertx)
        .config(MicroConfig.load(config(), System.getenv(), List.of()));
      configure(builder);
      return builder.build();
    }).compose(built -> {
      service = built;
      return built.start();
    });
  }

  @Override
  public Future<?> stop() {
    return service == null ? Future.succeededFuture() : service.stop();
  }

  /** The running service, once started. */
  public MicroService service() {
    return service;
  }
}
