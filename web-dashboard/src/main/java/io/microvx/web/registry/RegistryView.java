package io.microvx.web.registry;

import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;

/**
 * What the dashboard knows of the registry: every service with its versions, nodes and endpoints, kept
 * current by one watch, read without waiting (pages, the live feed and the reverse proxy all read this,
 * never the backend per request).
 */
public interface RegistryView {

  /** A view over the registry; call {@link #start()} before reading it. */
  static RegistryView watch(Vertx vertx, Registry registry) {
    // the cache answers reads from memory and may lag its own watch: the view reads the backend itself
    Registry backend = registry instanceof CachingRegistry cached ? cached.backend() : registry;
    return new WatchedRegistryView(vertx, backend);
  }

  /** Watches, then lists and reads every service; completes once the first picture is in. */
  Future<Void> start();

  /** Every service with live nodes, by name (sorted), each with its versions. */
  Map<String, List<Service>> services();

  /** The versions of a service, or an empty list when it has no live node. */
  List<Service> service(String name);

  /** The number of changes folded in so far, per service: a page compares it to know it is stale. */
  long revision(String name);

  /** The name of the registry plugin, e.g. {@code memory}. */
  String registryName();

  /**
   * Calls the listener with the service's name after each change, on the context that added it.
   * Returns what removes it.
   */
  Runnable onChange(Handler<String> listener);

  Future<Void> close();
}
