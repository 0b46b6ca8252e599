package io.microvx.registry;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read-through cache in front of every registry plugin.
 *
 * <ul>
 *   <li>Lookups are answered from memory once a service has been read; the first read waits for the
 *   backend. {@link #peek(String)} answers without any {@code Future}, for the per-call path.</li>
 *   <li>One watch on the backend keeps entries current. The backend is read only once that watch runs
 *   (or failed to start), so no change can fall between a read and the watch; a read that the watch
 *   (re)starting overtook is made again. An entry older than the TTL is refreshed in the background
 *   while the cached value keeps being served.</li>
 *   <li>When the backend fails, the last known nodes are served: an error never replaces what is known,
 *   and only a successful answer can empty a service. A broken watch is re-established with back-off,
 *   and every entry is re-read when it is.</li>
 *   <li>With {@code registry_cache_snapshot} set, what the cache knows is kept in that file (written after
 *   changes, at most once a second, off the event loop) and read at start: a lookup the backend fails
 *   and the cache cannot answer is answered from the file, logged as stale, its age in
 *   {@link #staleness(String)} and {@link #stale()} until the backend answers again.</li>
 * </ul>
 */
public final class CachingRegistry implements Registry {

  private static final Logger log = LoggerFactory.getLogger(CachingRegistry.class);

  private final Vertx vertx;
  private final Context context;
  private final Registry backend;
  private final CacheOptions options;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Future<List<Service>>> fetches = new ConcurrentHashMap<>();
  /** Watch events that arrived while a lookup of their service was under way, applied on its answer. */
  private final java.util.Map<String, List<WatchEvent>> duringFetch = new java.util.HashMap<>();

  /** Completes once the first watch is running or failed to start: lookups read the backend after it. */
  private final Promise<Void> firstWatch = Promise.promise();
  private volatile boolean watching;
  /** Counts the watches that came up: a read begun under an older one may predate what it delivers. */
  private volatile int watchGeneration;
  private volatile boolean watchStarted;
  /** Whether a running watch ever broke, and when one last came back after that (System.nanoTime()). */
  private volatile boolean watchLost;
  private volatile long watchBackAt;
  private volatile boolean closed;
  private volatile long retryDelayMs;
  private volatile List<Service> lastListing;
  private Watcher watcher;
  /** The last known good state on disk; null without {@code registry_cache_snapshot}. */
  private final RegistrySnapshot snapshot;

  /** How long nodes are kept for a service the registry came back without (see {@link #fetch(String)}). */
  static final java.time.Duration RETURN_GRACE = java.time.Duration.ofSeconds(3);

  /** Services answered empty on the registry's return, with when (System.nanoTime()) their last nodes were first kept. */
  private final ConcurrentHashMap<String, Long> keptAfterReturn = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder misses = new java.util.concurrent.atomic.LongAdder();

  private record Entry(List<Service> services, long fetchedAt, long attemptedAt) {
  }

  CachingRegistry(Vertx vertx, Registry backend, CacheOptions options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.backend = backend;
    this.options = new CacheOptions(options);
    this.retryDelayMs = options.getRetryMin().toMillis();
    this.snapshot = RegistrySnapshot.open(vertx, this.options);
    if (snapshot != null) {
      snapshot.source(() -> {
        java.util.Map<String, List<Service>> known = new java.util.HashMap<>();
        entries.forEach((name, entry) -> known.put(name, entry.services));
        return known;
      });
    }
  }

  /**
   * How old the nodes served for the service are when they came from the snapshot file because the
   * registry could not answer; null when they are current (or there is no snapshot).
   */
  public java.time.Duration staleness(String name) {
    return snapshot == null ? null : snapshot.staleness(name);
  }

  /** Every service served from the snapshot file, with the age of its data in milliseconds; empty when none. */
  public java.util.Map<String, Long> stale() {
    return snapshot == null ? java.util.Map.of() : snapshot.stale();
  }

  /** Lookups the cache answered from what it held, since it was made. */
  public long hits() {
    return hits.sum();
  }

  /** Lookups of a service the cache did not hold yet, which read the registry, since it was made. */
  public long misses() {
    return misses.sum();
  }

  /** The registry behind this cache. */
  public Registry backend() {
    return backend;
  }

  /** Whether the watch on the backend is up; while it is not, entries are refreshed by polling. */
  public boolean isWatching() {
    return watching;
  }

  @Override
  public String name() {
    return backend.name();
  }

  /**
   * The cached versions of a service, or null when it was never read. Schedules a background refresh when
   * the entry is due. Never waits.
   */
  public List<Service> peek(String name) {
    Entry entry = entries.get(name);
    if (entry == null) {
      return null;
    }
    hits.increment();
    refreshIfDue(name, entry);
    return entry.services;
  }

  @Override
  public Future<List<Service>> getService(String name) {
    Future<Void> watchStarting = ensureWatching();
    Entry entry = entries.get(name);
    if (entry != null) {
      hits.increment();
      refreshIfDue(name, entry);
      return Future.succeededFuture(entry.services);
    }
    misses.increment();
    return watchStarting.isComplete() ? fetch(name) : watchStarting.compose(v -> fetch(name));
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions options) {
    return backend.register(service, options);
  }

  @Override
  public Future<Void> deregister(Service service) {
    return backend.deregister(service);
  }

  @Override
  public Future<List<Service>> listServices() {
    return backend.listServices()
      .andThen(ar -> {
        if (ar.succeeded()) {
          lastListing = ar.result();
        }
      })
      .recover(err -> {
        List<Service> last = lastListing;
        if (last == null) {
          return Future.failedFuture(err);
        }
        log.warn("registry {} failed to list services, serving the last listing: {}", backend.name(), err.getMessage());
        return Future.succeededFuture(last);
      });
  }

  @Override
  public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
    return backend.watch(options, handler);
  }

  /** Stops the cache's watch. The backend is left open: it belongs to whoever made it. */
  @Override
  public Future<Void> close() {
    closed = true;
    firstWatch.tryComplete();
    Watcher current = watcher;
    Future<Void> stopped = current == null ? Future.succeededFuture() : current.stop();
    return snapshot == null ? stopped : stopped.eventually(snapshot::flush);
  }

  /** Whether the registry came back without the service and its last known nodes are being kept. */
  boolean keptAfterReturn(String name) {
    return keptAfterReturn.containsKey(name);
  }

  private void refreshIfDue(String name, Entry entry) {
    long now = System.nanoTime();
    boolean stale = now - entry.fetchedAt > options.getTtl().toNanos();
    // without a watch, poll; but no faster than the watch retry, so a dead backend is not hammered per call
    boolean unwatched = !watching && now - entry.attemptedAt > retryDelayMs * 1_000_000L;
    if ((stale || unwatched) && !fetches.containsKey(name)) {
      entries.computeIfPresent(name, (n, e) -> new Entry(e.services, e.fetchedAt, now));
      fetch(name);
    }
  }

  /**
   * Reads a service from the backend. A registry that returns empty (a restarted registry server, an etcd
   * without its data) has its services register again within a second or so: an empty answer while the watch
   * is broken or just back ({@link #returning}) keeps the nodes known before for {@link #RETURN_GRACE} from the
   * first such answer, rather than failing every call meanwhile. Whichever read sees the return first (a poll while the watch is
   * down, or the refresh when it comes back), it is judged the same way.
   */
  private Future<List<Service>> fetch(String name) {
    Future<List<Service>> running = fetches.get(name);
    if (running != null) {
      return running;
    }
    Promise<List<Service>> promise = Promise.promise();
    Future<List<Service>> mine = promise.future();
    running = fetches.putIfAbsent(name, mine);
    if (running != null) {
      return running;
    }
    synchronized (duringFetch) {
      duringFetch.put(name, new ArrayList<>());
    }
    int generation = watchGeneration;
    backend.getService(name).onComplete(ar -> {
      List<WatchEvent> missed;
      synchronized (duringFetch) {
        missed = duringFetch.remove(name);
        fetches.remove(name, mine);
        if (ar.succeeded()) {
          // events the answer may predate are applied on top of it
          List<Service> versions = ar.result();
          for (WatchEvent event : missed == null ? List.<WatchEvent>of() : missed) {
            versions = Services.merge(versions, event);
          }
          long now = System.nanoTime();
          Entry before = entries.get(name);
          Long keptSince = keptAfterReturn.get(name);
          if (versions.isEmpty() && before != null && !before.services.isEmpty() && returning(now)
            && (keptSince == null || now - keptSince < RETURN_GRACE.toNanos())) {
            long since = keptSince == null ? now : keptSince;
            if (keptSince == null) {
              log.info("registry {} came back without {}: serving its last known nodes for {} while they register again",
                backend.name(), name, RETURN_GRACE);
              keptAfterReturn.put(name, since);
            }
            // due again once the grace is over, when the answer is taken as it is
            long due = since - options.getTtl().toNanos() + RETURN_GRACE.toNanos();
            versions = before.services;
            entries.put(name, new Entry(List.copyOf(versions), due, now));
          } else {
            entries.put(name, new Entry(List.copyOf(versions), now, now));
            keptAfterReturn.remove(name);
            if (snapshot != null) {
              snapshot.confirmed(name);
            }
          }
          trim();
        }
      }
      if (ar.succeeded()) {
        // the same list instance as peek() returns: selectors key their snapshots on it
        promise.complete(entries.get(name).services);
        if (generation != watchGeneration) {
          fetch(name); // a watch came up meanwhile: the answer may predate what it would have delivered
        }
        return;
      }
      Entry known = entries.get(name);
      if (known != null) {
        log.warn("registry {} failed to look up {}, serving {} cached version(s): {}",
          backend.name(), name, known.services.size(), ar.cause().getMessage());
        promise.complete(known.services);
      } else if (snapshot != null) {
        fromSnapshot(name, ar.cause()).onComplete(promise);
      } else {
        promise.fail(ar.cause());
      }
    });
    return mine;
  }

  /** A lookup the backend failed, answered from the snapshot file when it has the service. */
  private Future<List<Service>> fromSnapshot(String name, Throwable failure) {
    return snapshot.lookup(name).compose(saved -> {
      if (saved == null) {
        return Future.failedFuture(failure);
      }
      long now = System.nanoTime();
      // kept as an entry so per-call peeks find it; polled until the backend answers and replaces it
      Entry entry = entries.computeIfAbsent(name, n -> new Entry(List.copyOf(saved.versions()), now, now));
      log.warn("registry {} failed to look up {}, serving its {} version(s) from the snapshot, stale by {}: {}",
        backend.name(), name, entry.services.size(), snapshot.staleness(name), failure.getMessage());
      return Future.succeededFuture(entry.services);
    });
  }

  /** Starts the watch unless it was; the future completes once it runs or failed to start. */
  private Future<Void> ensureWatching() {
    if (!watchStarted && !closed) {
      synchronized (this) {
        if (!watchStarted) {
          watchStarted = true;
          context.runOnContext(v -> startWatch(false));
        }
      }
    }
    return firstWatch.future();
  }

  private void startWatch(boolean recovering) {
    if (closed) {
      firstWatch.tryComplete();
      return;
    }
    backend.watch(new WatchOptions(), this::apply).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("registry {} watch failed, retrying in {} ms: {}", backend.name(), retryDelayMs, ar.cause().getMessage());
        scheduleRewatch();
        // lookups go ahead without it: entries are polled until a watch runs
        firstWatch.tryComplete();
        return;
      }
      if (closed) {
        ar.result().stop(); // closed while it was starting
        return;
      }
      watcher = ar.result();
      watchGeneration++;
      watching = true;
      firstWatch.tryComplete();
      retryDelayMs = options.getRetryMin().toMillis();
      if (recovering) {
        watchBackAt = System.nanoTime();
        log.info("registry {} watch re-established, refreshing {} cached service(s)", backend.name(), entries.size());
        for (String name : entries.keySet()) {
          fetch(name);
        }
      }
      watcher.closed().onComplete(end -> {
        watching = false;
        watchLost = true;
        if (!closed) {
          log.warn("registry {} watch ended{}, re-watching in {} ms", backend.name(),
            end.failed() ? " (" + end.cause().getMessage() + ")" : "", retryDelayMs);
          scheduleRewatch();
        }
      });
    });
  }

  private void scheduleRewatch() {
    if (closed) {
      return;
    }
    long delay = retryDelayMs;
    retryDelayMs = Math.min(delay * 2, options.getRetryMax().toMillis());
    vertx.setTimer(delay, id -> context.runOnContext(v -> startWatch(true)));
  }

  /** Whether the registry may just have come back: the watch broke and is still down, or came back lately. */
  private boolean returning(long now) {
    return watchLost && (!watching || now - watchBackAt < RETURN_GRACE.toNanos());
  }

  /** Folds a watch event into the entry of its service, if that service is cached or being looked up. */
  private void apply(WatchEvent event) {
    Service changed = event.service();
    synchronized (duringFetch) {
      List<WatchEvent> pending = duringFetch.get(changed.name());
      if (pending != null) {
        pending.add(event);
      }
      entries.computeIfPresent(changed.name(), (name, entry) ->
        new Entry(List.copyOf(Services.merge(entry.services, event)), entry.fetchedAt, entry.attemptedAt));
    }
    if (snapshot != null && entries.containsKey(changed.name())) {
      snapshot.confirmed(changed.name()); // the watch's news is the registry's word
    }
  }

  /**
   * Keeps the cache to {@code registry_cache_max_services}: names nobody registered go first (a caller
   * asking for random names must not grow memory), then the longest unrefreshed.
   */
  private void trim() {
    int max = options.getMaxServices();
    if (entries.size() <= max) {
      return;
    }
    entries.entrySet().removeIf(e -> e.getValue().services.isEmpty() && entries.size() > max);
    while (entries.size() > max) {
      entries.entrySet().stream().min(java.util.Comparator.comparingLong(e -> e.getValue().fetchedAt))
        .ifPresent(oldest -> entries.remove(oldest.getKey()));
    }
  }
}
