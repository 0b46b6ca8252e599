package io.microvx.registry;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;

/**
 * A whole registry held in memory: every service with live nodes, its versions, nodes and endpoints,
 * listed once and kept current by one watch, read without waiting. For parts that must answer from
 * the whole picture without a registry round trip per request (the API gateway's index, the
 * dashboard's pages and reverse proxy). It re-watches by itself when the watch breaks.
 */
public interface RegistryMirror {

  /**
   * A mirror of the registry; call {@link #start()} before reading it. A {@link CachingRegistry} is read
   * through to its backend: the cache answers from memory and may lag its own watch.
   */
  static RegistryMirror of(Vertx vertx, Registry registry) {
    Registry backend = registry instanceof CachingRegistry cached ? cached.backend() : registry;
    return new WatchedRegistryMirror(vertx, backend);
  }

  /** Watches, then lists and reads every service; completes once the first picture is in. */
  Future<Void> start();

  /**
   * Every service with live nodes, by name (sorted), each with its versions: a read-only live view, not a
   * copy; iterated while the registry changes, it shows each service as it was before or after its change.
   */
  Map<String, List<Service>> services();

  /** The versions of a service, or an empty list when it has no live node. */
  List<Service> service(String name);

  /** The number of changes folded in so far, per service: a reader compares it to know it is stale. */
  long revision(String name);

  /** The name of the registry plugin, e.g. {@code memory}. */
  String registryName();

  /**
   * Calls the listener with the service's name after each change, on the context that added it.
   * Returns what removes it.
   */
  Runnable onChange(Handler<String> listener);

  /** Stops watching; listeners hear no more. */
  Future<Void> close();
}
