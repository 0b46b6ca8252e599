package io.microvx.cli;

import io.microvx.errors.MicroException;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The main class of the process {@code micro run} starts: Vert.x's launcher ({@link VertxApplication},
 * same arguments) with two differences. A verticle that fails to deploy is one line on stderr and exit
 * status 1, not the launcher's stack trace. And the service stops (cleanly: deregistered) when
 * {@code micro run} is gone, however it ended: its stdin is a pipe from {@code micro run}, which the
 * system closes when that process dies, even by SIGKILL, so end of input means "stop". Portable, and no
 * polling.
 */
public final class RunChild {

  /** The launcher's logger, kept so that JUL does not forget its level. */
  private static final Logger LAUNCHER_LOG = Logger.getLogger(VertxApplication.class.getName());

  private RunChild() {
  }

  public static void main(String[] args) {
    // the failure is said in one line below: not also as the launcher's logged stack trace
    System.setProperty("org.slf4j.simpleLogger.log." + VertxApplication.class.getName(), "off");
    LAUNCHER_LOG.setLevel(Level.OFF);
    String verticle = args.length > 0 ? args[0] : "the service";
    Thread watch = new Thread(() -> {
      if (awaitEnd(System.in)) {
        // System.exit runs the launcher's shutdown hook: the verticles stop and deregister
        System.exit(0);
      }
    }, "micro-run-parent-watch");
    watch.setDaemon(true);
    watch.start();
    new VertxApplication(args, new VertxApplicationHooks() {
      @Override
      public void afterFailureToStartVertx(HookContext context, Throwable cause) {
        System.err.println("micro run: Vert.x did not start: " + describe(cause));
        System.exit(1);
      }

      @Override
      public void afterFailureToDeployVerticle(HookContext context, Throwable cause) {
        System.err.println("micro run: " + verticle + " did not start: " + describe(cause));
        System.exit(1);
      }
    }).launch();
  }

  /** Reads until the end of input (true), or false when input cannot be read at all. */
  static boolean awaitEnd(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // micro run writes nothing: bytes, if any, are ignored
      }
      return true;
    } catch (IOException e) {
      return true;
    }
  }

  /** A failure as one line: a go-micro error's detail, a missing class named, else the first line of the message. */
  static String describe(Throwable cause) {
    Throwable failure = cause;
    while (failure.getCause() != null && failure.getCause() != failure
      && (failure.getMessage() == null || failure.getMessage().equals(failure.getCause().toString()))) {
      failure = failure.getCause();
    }
    if (failure instanceof MicroException e) {
      return e.detail().isEmpty() ? e.status() : e.detail();
    }
    if (failure instanceof ClassNotFoundException || failure instanceof NoClassDefFoundError) {
      return "no class " + failure.getMessage() + " on its class path (the jar, --cp, or the plugins folder)";
    }
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName()
      : message.lines().findFirst().orElse(message);
  }
}
