package io.microvx.registry;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Service discovery, go-micro's {@code registry.Registry}, asynchronous.
 *
 * <p>A service registers one {@link Node} per running instance under its name and version, with a TTL it
 * renews; readers get the live nodes of a service grouped by version. Implementations are plugins found
 * by name (see {@link io.microvx.plugin.RegistryProvider}); whatever the plugin, clients read through
 * {@link #cached(Vertx, Registry, CacheOptions)} so no call waits on the backend and a backend outage
 * does not take calls down.
 */
public interface Registry {

  /** The plugin name, e.g. {@code memory} or {@code etcd}, advertised in node metadata. */
  String name();

  /** Registers the service's nodes; with a TTL they lapse unless registered again in time. */
  Future<Void> register(Service service, RegisterOptions options);

  /** Registers without a TTL: the nodes stay until deregistered. */
  default Future<Void> register(Service service) {
    return register(service, new RegisterOptions());
  }

  /** Removes the service's nodes (the version goes when its last node does). */
  Future<Void> deregister(Service service);

  /**
   * The service's versions with their live nodes. An unknown service is an empty list, not a failure: a
   * failure always means the backend could not answer.
   */
  Future<List<Service>> getService(String name);

  /** Every service, one entry per name and version, nodes possibly left out. */
  Future<List<Service>> listServices();

  /**
   * Watches for changes (of the one service {@link WatchOptions#setService} names, or all), one
   * {@link WatchEvent} per change to a service version, delivered in order on the context that called
   * {@code watch}. Re-registering what is already registered unchanged (a TTL renewal) is no change. The
   * future completes only once the watch is running: every change made after it completed is delivered.
   * It fails when the watch cannot be started; the watcher's {@link Watcher#closed()} fails when the
   * backend breaks a running one, after which the caller watches again and re-reads what it holds.
   */
  Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler);

  /** Releases the registry's resources; does not deregister anything. */
  Future<Void> close();

  /**
   * A registry private to this instance, kept in memory, expiring nodes whose TTL lapsed. For one
   * process with several services use the {@code memory} plugin, which shares one store per name.
   */
  static Registry memory(Vertx vertx) {
    return new MemoryRegistry(vertx, new MemoryStore());
  }

  /** The process-wide in-memory store with the given name, the one the {@code memory} plugin uses. */
  static Registry sharedMemory(Vertx vertx, String storeName) {
    return new MemoryRegistry(vertx, MemoryStore.shared(storeName));
  }

  /**
   * The read-through cache every client reads from: watch-fed, serving the last known nodes when the
   * backend fails, and never trading a known node list for an empty one because of an error.
   */
  static CachingRegistry cached(Vertx vertx, Registry backend, CacheOptions options) {
    return new CachingRegistry(vertx, backend, options);
  }
}
