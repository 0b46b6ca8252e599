package io.microvx.examples.greeter;

import io.microvx.service.MicroService;
import io.microvx.service.MicroVerticle;

/**
 * The greeter as a verticle. Run it alone with Vert.x's launcher:
 * {@code java -cp greeter.jar io.vertx.launcher.application.VertxApplication io.microvx.examples.greeter.GreeterVerticle}
 * ({@code -conf} and {@code MICRO_*} variables override the name, address, registry, …).
 */
public class GreeterVerticle extends MicroVerticle {

  @Override
  protected void configure(MicroService.Builder service) {
    service.name("greeter").version("1.0.0").handler(new Say());
  }
}
