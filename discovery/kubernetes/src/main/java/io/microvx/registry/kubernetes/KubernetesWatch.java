package io.microvx.registry.kubernetes;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.WatcherException;
import io.microvx.registry.Service;
import io.microvx.registry.Services;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One watch: the pods labelled {@code micro.mu/type=service} listed, then watched from the list's
 * resourceVersion. Each pod's services are kept; a pod event changes that pod's entry and the events are
 * the {@link Services#diff} of the services concerned before and after, so a pod that stops running (or
 * goes) takes its nodes away. A cut watch is reopened from the last resourceVersion seen (at once, then
 * after 100, 300, 700 and 1500 ms); when the server no longer has that version (410 Gone) the pods are
 * listed again and the difference delivered. Only when the server stays away does the watch fail.
 */
final class KubernetesWatch implements Watcher {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesWatch.class);
  private static final long[] REOPEN_BACKOFF_MS = {0, 100, 300, 700, 1500};
  /** A watch open this long before it broke proved the server there: its break starts the tries afresh. */
  private static final long LASTED_NANOS = 10_000_000_000L;

  private final Vertx vertx;
  private final Context context;
  private final KubernetesApi api;
  private final WatchOptions filter;
  private final Handler<WatchEvent> handler;
  private final Promise<Void> closed = Promise.promise();
  /** Each pod's services (those the filter lets through); on the context only. */
  private final Map<String, List<Service>> pods = new HashMap<>();
  /** Which fabric8 watch is current: callbacks of an older one are dropped. On the context only. */
  private int generation;
  /** The last resourceVersion seen, where a cut watch resumes; on the context only. */
  private String resourceVersion;
  /** Breaks in a row of watches that never proved alive (no event, not open long); on the context only. */
  private int attempts;
  private long openedAt;
  private boolean heard;
  private volatile Watch watch;

  private KubernetesWatch(Vertx vertx, Context context, KubernetesApi api, WatchOptions filter, Handler<WatchEvent> handler) {
    this.vertx = vertx;
    this.context = context;
    this.api = api;
    this.filter = filter;
    this.handler = handler;
  }

  static Future<Watcher> start(Vertx vertx, KubernetesApi api, WatchOptions filter, Handler<WatchEvent> handler) {
    Context context = vertx.getOrCreateContext();
    KubernetesWatch watch = new KubernetesWatch(vertx, context, api, filter, handler);
    Promise<Watcher> running = Promise.promise();
    context.runOnContext(v -> watch.listAndWatch(true).onComplete(ar -> {
      if (ar.succeeded()) {
        running.complete(watch);
      } else {
        watch.fail(ar.cause());
        running.fail(ar.cause());
      }
    }));
    return running.future();
  }

  /** Lists the pods, delivers what changed since the last list (nothing the first time), watches from there. On the context. */
  private Future<Void> listAndWatch(boolean first) {
    int current = ++generation;
    dropWatch();
    return api.call("list pods", () -> api.client().pods().inNamespace(api.namespace())
      .withLabel(PodLayout.TYPE_LABEL, PodLayout.TYPE_VALUE).list()).compose(list -> {
        if (closed.future().isComplete() || current != generation) {
          return Future.succeededFuture();
        }
        replace(list, !first);
        resourceVersion = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
        return open(current);
      });
  }

  /** Opens the API's watch from {@link #resourceVersion}; completes once the server accepted it. On the context. */
  private Future<Void> open(int current) {
    String from = resourceVersion;
    LOG.debug("opening the pod watch from resourceVersion {}", from);
    return api.call("watch pods", () -> api.client().pods().inNamespace(api.namespace())
      .withLabel(PodLayout.TYPE_LABEL, PodLayout.TYPE_VALUE)
      .watch(new ListOptionsBuilder().withResourceVersion(from).withAllowWatchBookmarks(true).build(),
        new PodWatcher(current)), this::closeQuietly).map(opened -> {
          if (closed.future().isComplete() || current != generation) {
            closeQuietly(opened);
          } else {
            watch = opened;
            openedAt = System.nanoTime();
            heard = false;
          }
          return null;
        });
  }

  /**
   * The watch broke (or could not be opened): reopen it from the last version seen, at once and then
   * backing off, or list again on 410 Gone; after five tries in a row that came to nothing, fail. On the context.
   */
  private void broken(Throwable cause) {
    if (closed.future().isComplete()) {
      return;
    }
    int current = ++generation;
    dropWatch();
    if (attempts >= REOPEN_BACKOFF_MS.length) {
      fail(api.failure("watch pods", cause instanceof WatcherException w ? w.asClientException() : cause));
      return;
    }
    long delay = REOPEN_BACKOFF_MS[attempts++];
    boolean gone = gone(cause);
    if (gone) {
      LOG.debug("the pod watch's resourceVersion {} is gone; listing the pods again", resourceVersion);
    } else {
      LOG.debug("the pod watch broke, opening it again from resourceVersion {}", resourceVersion, cause);
    }
    Runnable again = () -> {
      if (current == generation && !closed.future().isComplete()) {
        (gone ? listAndWatch(false) : open(current)).onFailure(failure -> {
          if (current == generation || gone && current + 1 == generation) {
            broken(failure);
          }
        });
      }
    };
    if (delay == 0) {
      again.run();
    } else {
      vertx.setTimer(delay, t -> context.runOnContext(v -> again.run()));
    }
  }

  private static boolean gone(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof WatcherException w && w.isHttpGone()
        || t instanceof KubernetesClientException k && k.getCode() == 410) {
        return true;
      }
    }
    return false;
  }

  private void dropWatch() {
    Watch was = watch;
    watch = null;
    if (was != null) {
      closeQuietly(was);
    }
  }

  /** Takes a list as the pods' state, delivering the difference when asked. */
  private void replace(PodList list, boolean deliver) {
    Map<String, List<Service>> now = new HashMap<>();
    for (Pod pod : list.getItems()) {
      List<Service> services = wanted(pod);
      if (!services.isEmpty()) {
        now.put(pod.getMetadata().getName(), services);
      }
    }
    List<Service> before = all(null);
    pods.clear();
    pods.putAll(now);
    if (deliver) {
      Services.diff(before, all(null)).forEach(this::deliver);
    }
  }

  private List<Service> wanted(Pod pod) {
    return PodLayout.services(pod).stream().filter(s -> filter.matches(s.name())).toList();
  }

  /** A pod as it is now (or gone): its entry changes, and the services it concerns are diffed. On the context. */
  private void changed(String name, List<Service> after) {
    List<Service> before = pods.getOrDefault(name, List.of());
    if (before.equals(after)) {
      return;
    }
    Set<String> names = new HashSet<>();
    before.forEach(s -> names.add(s.name()));
    after.forEach(s -> names.add(s.name()));
    List<Service> was = all(names);
    if (after.isEmpty()) {
      pods.remove(name);
    } else {
      pods.put(name, after);
    }
    Services.diff(was, all(names)).forEach(this::deliver);
  }

  /** Every pod's services of these names (all names for null). */
  private List<Service> all(Set<String> names) {
    List<Service> services = new ArrayList<>();
    pods.values().forEach(list -> list.stream().filter(s -> names == null || names.contains(s.name())).forEach(services::add));
    return services;
  }

  private void deliver(WatchEvent event) {
    if (!closed.future().isComplete()) {
      handler.handle(event);
    }
  }

  /** fabric8's callbacks come on its client's threads: each is taken to the watcher's context. */
  private final class PodWatcher implements io.fabric8.kubernetes.client.Watcher<Pod> {
    private final int of;

    PodWatcher(int of) {
      this.of = of;
    }

    @Override
    public void eventReceived(Action action, Pod pod) {
      if (pod == null || pod.getMetadata() == null || action == Action.ERROR || action == Action.BOOKMARK) {
        return;
      }
      List<Service> services = action == Action.DELETED ? List.of() : wanted(pod);
      String version = pod.getMetadata().getResourceVersion();
      context.runOnContext(v -> {
        if (of == generation && !closed.future().isComplete()) {
          heard = true;
          if (version != null) {
            resourceVersion = version;
          }
          changed(pod.getMetadata().getName(), services);
        }
      });
    }

    @Override
    public void onClose(WatcherException cause) {
      LOG.debug("the pod watch closed: {}", cause.getMessage());
      // fabric8 reopens nothing itself (its reconnect limit is 0): this side resumes, from the version seen
      context.runOnContext(v -> {
        if (of == generation && !closed.future().isComplete()) {
          if (heard || System.nanoTime() - openedAt > LASTED_NANOS) {
            attempts = 0; // it was up: this is a new break, not one more failed try
          }
          broken(cause);
        }
      });
    }

    @Override
    public void onClose() {
      // closed by this side
    }
  }

  private void fail(Throwable cause) {
    if (closed.tryFail(cause)) {
      dropWatch();
    }
  }

  private void closeQuietly(Watch fabric8Watch) {
    // closing may wait for the connection to end: off the event loop
    context.executeBlocking(() -> {
      fabric8Watch.close();
      return null;
    }, false);
  }

  @Override
  public Future<Void> stop() {
    context.runOnContext(v -> {
      if (closed.tryComplete()) {
        dropWatch();
      }
    });
    return closed.future().otherwiseEmpty();
  }

  @Override
  public Future<Void> closed() {
    return closed.future();
  }
}
