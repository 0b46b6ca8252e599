package io.microvx.registry.consul;

import io.microvx.config.Durations;
import io.microvx.registry.Service;
import io.microvx.registry.Services;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.consul.BlockingQueryOptions;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ServiceQueryOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A watch made of blocking queries: one on {@code /v1/health/service/<name>?passing} per watched service,
 * and, when every service is watched, one on {@code /v1/catalog/services} that starts and ends those as
 * services come and go. Each answer is compared with the one before ({@link Services#diff}); the first
 * answer of a loop is the baseline, so {@code watch()} completes once every loop has it. Everything runs
 * on the watcher's context; a failed query fails {@link #closed()}.
 */
final class ConsulWatch implements Watcher {

  private final ConsulRegistry registry;
  private final ContextInternal context;
  private final WatchOptions options;
  private final Handler<WatchEvent> handler;
  private final String wait;
  private final Promise<Watcher> started;
  private final Promise<Void> closed;
  private final Map<String, ServiceLoop> loops = new HashMap<>();
  private ConsulClient catalogClient;
  private long catalogIndex;
  private boolean catalogAnswered;
  private volatile boolean stopped;

  ConsulWatch(ConsulRegistry registry, ContextInternal context, WatchOptions options, Handler<WatchEvent> handler) {
    this.registry = registry;
    this.context = context;
    this.options = options;
    this.handler = handler;
    this.wait = Durations.format(registry.options().getWait());
    this.started = context.promise();
    this.closed = context.promise();
  }

  Future<Watcher> start() {
    context.runOnContext(v -> {
      if (stopped) {
        return;
      }
      if (options.getService() != null) {
        ServiceLoop loop = new ServiceLoop(options.getService(), false);
        loops.put(options.getService(), loop);
        loop.first.future().onSuccess(x -> started.tryComplete(this));
        loop.poll();
      } else {
        catalogClient = registry.blockingClient();
        pollCatalog();
      }
    });
    return started.future();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    context.runOnContext(v -> {
      end();
      started.tryFail(ConsulFailures.of(registry.options().getAddress(), new IllegalStateException("watch stopped")));
      closed.tryComplete();
    });
    return closed.future().otherwiseEmpty();
  }

  @Override
  public Future<Void> closed() {
    return closed.future();
  }

  private void fail(Throwable failure) {
    if (stopped) {
      return;
    }
    stopped = true;
    end();
    Throwable reported = ConsulFailures.of(registry.options().getAddress(), failure);
    started.tryFail(reported);
    closed.tryFail(reported);
  }

  /** Cancels every query under way (on the context). */
  private void end() {
    loops.values().forEach(ServiceLoop::stop);
    loops.clear();
    if (catalogClient != null) {
      catalogClient.close();
      catalogClient = null;
    }
  }

  private void pollCatalog() {
    if (stopped) {
      return;
    }
    catalogClient.catalogServicesWithOptions(blocking(catalogIndex)).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      catalogIndex = nextIndex(catalogIndex, ar.result().getIndex());
      Set<String> names = new HashSet<>();
      ar.result().getList().forEach(service -> names.add(service.getName()));
      boolean initial = !catalogAnswered;
      catalogAnswered = true;
      List<Future<Void>> baselines = new ArrayList<>();
      for (String name : names) {
        if (!loops.containsKey(name)) {
          // a service appearing after the watch started: its nodes are news
          ServiceLoop loop = new ServiceLoop(name, !initial);
          loops.put(name, loop);
          baselines.add(loop.first.future());
          loop.poll();
        }
      }
      for (String name : new ArrayList<>(loops.keySet())) {
        if (!names.contains(name)) {
          ServiceLoop gone = loops.remove(name);
          gone.stop();
          emit(Services.diff(gone.snapshot, List.of()));
        }
      }
      if (initial) {
        Future.all(baselines).onSuccess(x -> started.tryComplete(this));
      }
      pollCatalog();
    });
  }

  private BlockingQueryOptions blocking(long index) {
    return new BlockingQueryOptions().setIndex(index).setWait(wait);
  }

  /** Consul's rule: an index that went backwards (a new leader, a restore) starts over from 0. */
  private static long nextIndex(long previous, long answered) {
    if (answered < previous) {
      return 0;
    }
    return Math.max(answered, 1);
  }

  private void emit(List<WatchEvent> events) {
    for (WatchEvent event : events) {
      if (!options.matches(event.service().name())) {
        continue;
      }
      if (Vertx.currentContext() == context) {
        handler.handle(event);
      } else {
        context.runOnContext(v -> handler.handle(event));
      }
    }
  }

  /** The blocking query loop of one service. */
  private final class ServiceLoop {
    final String name;
    final boolean reportFirst;
    final Promise<Void> first = Promise.promise();
    final ConsulClient client = registry.blockingClient();
    List<Service> snapshot = List.of();
    long index;
    boolean answered;
    boolean ended;

    ServiceLoop(String name, boolean reportFirst) {
      this.name = name;
      this.reportFirst = reportFirst;
    }

    void poll() {
      if (ended || stopped) {
        return;
      }
      ServiceQueryOptions query = new ServiceQueryOptions().setBlockingOptions(blocking(index));
      client.healthServiceNodesWithOptions(name, true, query).onComplete(ar -> {
        if (ended || stopped) {
          return;
        }
        if (ar.failed()) {
          fail(ar.cause());
          return;
        }
        index = nextIndex(index, ar.result().getIndex());
        List<Service> now = ConsulRegistry.toServices(name, ar.result().getList());
        if (answered || reportFirst) {
          emit(Services.diff(snapshot, now));
        }
        snapshot = now;
        answered = true;
        first.tryComplete();
        poll();
      });
    }

    void stop() {
      ended = true;
      client.close();
    }
  }
}
