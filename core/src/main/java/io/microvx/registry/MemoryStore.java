package io.microvx.registry;

import io.vertx.core.Context;
import io.vertx.core.Handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * The state of an in-memory registry, shareable between registries of several Vert.x instances.
 * Mutations hold the monitor briefly and return the events they caused; events are then delivered to
 * each watcher on its own context, outside the monitor.
 */
final class MemoryStore {

  private static final ConcurrentHashMap<String, MemoryStore> SHARED = new ConcurrentHashMap<>();

  private final Map<String, Map<String, Version>> services = new HashMap<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  static MemoryStore shared(String name) {
    return SHARED.computeIfAbsent(name, n -> new MemoryStore());
  }

  /** One service version: what was registered about it, and its nodes with their expiry. */
  private static final class Version {
    Service template;
    final LinkedHashMap<String, Entry> nodes = new LinkedHashMap<>();

    Version(Service template) {
      this.template = template.withNodes(List.of());
    }

    Service withLiveNodes(long now) {
      List<Node> live = new ArrayList<>(nodes.size());
      for (Entry entry : nodes.values()) {
        if (entry.isLive(now)) {
          live.add(entry.node);
        }
      }
      return template.withNodes(live);
    }
  }

  private record Entry(Node node, long expiresAt) {
    boolean isLive(long now) {
      return expiresAt == 0 || now - expiresAt < 0;
    }
  }

  record Subscription(WatchOptions options, Context context, Handler<WatchEvent> handler, MemoryRegistry.MemoryWatcher watcher) {
  }

  synchronized List<WatchEvent> register(Service service, Duration ttl, long now) {
    long expiresAt = ttl.isZero() ? 0 : now + ttl.toNanos();
    if (expiresAt == 0 && !ttl.isZero()) {
      expiresAt = 1; // 0 means "never": nudge the rare exact collision
    }
    Map<String, Version> versions = services.computeIfAbsent(service.name(), n -> new HashMap<>());
    Version version = versions.get(service.version());
    boolean created = version == null;
    boolean changed = false;
    if (created) {
      version = new Version(service);
      versions.put(service.version(), version);
    } else if (!version.template.metadata().equals(service.metadata())
      || !version.template.endpoints().equals(service.endpoints())) {
      version.template = service.withNodes(List.of());
      changed = true;
    }
    for (Node node : service.nodes()) {
      Entry previous = version.nodes.put(node.id(), new Entry(node, expiresAt));
      if (previous == null || !previous.isLive(now) || !previous.node.equals(node)) {
        changed = true;
      }
    }
    if (created) {
      return List.of(new WatchEvent(WatchEvent.Action.CREATE, service));
    }
    return changed ? List.of(new WatchEvent(WatchEvent.Action.UPDATE, service)) : List.of();
  }

  synchronized List<WatchEvent> deregister(Service service) {
    Map<String, Version> versions = services.get(service.name());
    Version version = versions == null ? null : versions.get(service.version());
    if (version == null) {
      return List.of();
    }
    List<Node> removed = new ArrayList<>();
    for (Node node : service.nodes()) {
      Entry entry = version.nodes.remove(node.id());
      if (entry != null) {
        removed.add(entry.node);
      }
    }
    if (version.nodes.isEmpty()) {
      versions.remove(service.version());
      if (versions.isEmpty()) {
        services.remove(service.name());
      }
    }
    if (removed.isEmpty() && !service.nodes().isEmpty()) {
      return List.of();
    }
    return List.of(new WatchEvent(WatchEvent.Action.DELETE, version.template.withNodes(removed)));
  }

  synchronized List<Service> get(String name, long now) {
    Map<String, Version> versions = services.get(name);
    if (versions == null) {
      return List.of();
    }
    List<Service> result = new ArrayList<>(versions.size());
    for (Version version : versions.values()) {
      Service live = version.withLiveNodes(now);
      if (!live.nodes().isEmpty() || version.nodes.isEmpty()) {
        result.add(live);
      }
    }
    return result;
  }

  synchronized List<Service> list(long now) {
    List<Service> result = new ArrayList<>();
    for (String name : services.keySet()) {
      result.addAll(get(name, now));
    }
    return result;
  }

  /** Drops lapsed nodes, and versions left without any, returning a delete event per version touched. */
  synchronized List<WatchEvent> sweep(long now) {
    List<WatchEvent> events = null;
    for (Iterator<Map<String, Version>> byName = services.values().iterator(); byName.hasNext(); ) {
      Map<String, Version> versions = byName.next();
      for (Iterator<Version> byVersion = versions.values().iterator(); byVersion.hasNext(); ) {
        Version version = byVersion.next();
        List<Node> expired = null;
        for (Iterator<Entry> entries = version.nodes.values().iterator(); entries.hasNext(); ) {
          Entry entry = entries.next();
          if (!entry.isLive(now)) {
            entries.remove();
            (expired == null ? expired = new ArrayList<>() : expired).add(entry.node);
          }
        }
        if (expired != null) {
          (events == null ? events = new ArrayList<>() : events)
            .add(new WatchEvent(WatchEvent.Action.DELETE, version.template.withNodes(expired)));
          if (version.nodes.isEmpty()) {
            byVersion.remove();
          }
        }
      }
      if (versions.isEmpty()) {
        byName.remove();
      }
    }
    return events == null ? List.of() : events;
  }

  void subscribe(Subscription subscription) {
    subscriptions.add(subscription);
  }

  void unsubscribe(MemoryRegistry.MemoryWatcher watcher) {
    subscriptions.removeIf(s -> s.watcher() == watcher);
  }

  /** Delivers events to every matching watcher on its context; each watcher sees them in order. */
  void publish(List<WatchEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    for (Subscription subscription : subscriptions) {
      for (WatchEvent event : events) {
        if (subscription.options().matches(event.service().name())) {
          try {
            subscription.context().runOnContext(v -> {
              if (!subscription.watcher().isStopped()) {
                subscription.handler().handle(event);
              }
            });
          } catch (RejectedExecutionException e) {
            // the watcher's Vert.x was closed without stopping the watch: nobody is listening any more
            subscriptions.remove(subscription);
            break;
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "MemoryStore@" + Integer.toHexString(Objects.hashCode(this));
  }
}
