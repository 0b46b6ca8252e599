package io.microvx.bench.startup;

import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;

/**
 * Vert.x's own launcher ({@code VertxApplication <verticle> -conf …}), plus one line on standard output
 * once the verticle is deployed. For a micro service, deployed means listening and registered: the
 * start-up scenario times a process from its start to that line.
 */
public final class StartupMain {

  public static final String READY = "microvx-bench: ready";

  private StartupMain() {
  }

  public static void main(String[] args) {
    int code = new VertxApplication(args, new VertxApplicationHooks() {
      @Override
      public void afterVerticleDeployed(HookContext context) {
        System.out.println(READY);
        System.out.flush();
      }
    }).launch();
    if (code != 0) {
      System.exit(code);
    }
  }
}
