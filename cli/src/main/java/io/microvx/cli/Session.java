package io.microvx.cli;

import io.microvx.errors.MicroException;
import io.microvx.proxy.ProxyApi;
import io.microvx.proxy.ProxyClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command's connection to the proxy: one small Vert.x and the proxy API client. Commands run on the
 * CLI's main thread, which may wait for results (it is no event loop).
 */
final class Session implements AutoCloseable {

  final Vertx vertx;
  final ProxyApi api;

  Session(GlobalOptions options) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2));
    this.api = new ProxyApi(vertx, new ProxyClientOptions().setAddress(options.proxyAddress).setToken(options.proxyToken)
      .setTlsCa(options.proxyTlsCa)
      .setTimeout(Duration.ofSeconds(Math.max(10, options.timeoutSeconds() + 5))));
  }

  /** The future's result; its failure rethrown (a MicroException as is). */
  static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new MicroException("go.micro.cli", String.valueOf(cause.getMessage()), 500, cause);
    } catch (TimeoutException e) {
      throw new TimedOut(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MicroException("go.micro.cli", "stopped (interrupted)", 499);
    }
  }

  /** No result within the time given. */
  static final class TimedOut extends MicroException {
    TimedOut(Duration timeout) {
      super("go.micro.cli", "no answer within " + io.microvx.config.Durations.format(timeout), 408);
    }
  }

  <T> T await(Future<T> future) {
    return await(future, Duration.ofMinutes(2));
  }

  @Override
  public void close() {
    // a command stopped by Ctrl-C in the shell still lets go of its connections and threads
    boolean interrupted = Thread.interrupted();
    try {
      await(api.close().eventually(vertx::close), Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      // closing is best effort: the process is about to end anyway
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
