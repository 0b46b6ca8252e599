package io.microvx.testing;

import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A running watch of {@link RegistryContract}: its events, the context each came on, and the one that asked. */
final class RecordedWatch {

  final Context context;
  final List<WatchEvent> events = new CopyOnWriteArrayList<>();
  final List<Context> contexts = new CopyOnWriteArrayList<>();
  final Watcher watcher;

  /** Starts a watch from a context of its own and waits for {@code watch()} to complete. */
  RecordedWatch(Vertx vertx, Registry registry, WatchOptions options) {
    context = vertx.getOrCreateContext();
    Promise<Watcher> started = Promise.promise();
    context.runOnContext(v -> registry.watch(options, event -> {
      contexts.add(Vertx.currentContext());
      events.add(event);
    }).onComplete(started));
    watcher = Await.result(started.future());
  }

  /** Whether an event carrying that node came. */
  boolean sawNode(String id) {
    return events.stream().anyMatch(e -> e.service().nodes().stream().anyMatch(n -> n.id().equals(id)));
  }

  /** The events as {@link #describe} writes them. */
  List<String> described() {
    return events.stream().map(RecordedWatch::describe).toList();
  }

  /**
   * {@code NAME ACTION [NODE IDS]}, CREATE and UPDATE both {@code upsert}: a backend may send CREATE for a
   * node new to a known version (etcd does, per key), and readers treat both alike.
   */
  static String describe(WatchEvent event) {
    return event.service().name() + " " + (event.action() == WatchEvent.Action.DELETE ? "delete" : "upsert") + " "
      + event.service().nodes().stream().map(Node::id).toList();
  }
}
