package io.microvx.registry.mdns;

import io.microvx.registry.Service;
import io.microvx.registry.Services;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

import java.util.Collection;
import java.util.List;

/** A running watch: the nodes it last reported (of its service), turned into events by difference. */
final class MdnsWatch {

  private final WatchOptions options;
  private final ContextInternal context;
  private final Handler<WatchEvent> handler;
  final Promise<Void> closed;
  private List<Service> snapshot = List.of();

  MdnsWatch(WatchOptions options, ContextInternal context, Handler<WatchEvent> handler) {
    this.options = new WatchOptions(options);
    this.context = context;
    this.handler = handler;
    this.closed = context.promise();
  }

  /** What is heard when the watch starts: known already, so no event. */
  void start(Collection<Service> nodes) {
    snapshot = matching(nodes);
  }

  /** The events leading to what is heard now, delivered in order on the watcher's context. */
  void update(Collection<Service> nodes) {
    List<Service> now = matching(nodes);
    List<WatchEvent> events = Services.diff(snapshot, now);
    snapshot = now;
    for (WatchEvent event : events) {
      context.runOnContext(v -> handler.handle(event));
    }
  }

  private List<Service> matching(Collection<Service> nodes) {
    return nodes.stream().filter(s -> options.matches(s.name())).toList();
  }
}
