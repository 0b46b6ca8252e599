package io.microvx.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import io.microvx.codec.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The registry cache's last known good state on disk ({@code registry_cache_snapshot}), so a process that
 * starts while the registry is down can still find the services it knew.
 *
 * <p>The file is JSON: {@code {"format":1,"services":{name:{"at":epochMillis,"versions":[service...]}}}},
 * each service in go-micro's registry shape and {@code at} the time its nodes were last confirmed by the
 * registry. It is written through Vert.x's asynchronous file system (worker threads, never an event loop),
 * to a temporary file moved over the old one, so a reader never sees half a file; at most once per
 * {@link #MIN_INTERVAL}. It is read once at start; an unreadable file is logged and ignored.
 */
final class RegistrySnapshot {

  private static final Logger log = LoggerFactory.getLogger(RegistrySnapshot.class);
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
  private static final int FORMAT = 1;

  /** One service as saved: its versions and when the registry last confirmed them. */
  record Saved(long at, List<Service> versions) {
  }

  private final Vertx vertx;
  private final String path;
  private final Clock clock;
  private final int maxServices;
  private final Future<Map<String, Saved>> loaded;
  /** Services served from the file: when their data was last confirmed. A good answer removes them. */
  private final Map<String, Long> staleSince = new ConcurrentHashMap<>();
  /** When each service's data was confirmed, for what the file says; services never confirmed are absent. */
  private final Map<String, Long> confirmedAt = new ConcurrentHashMap<>();
  private Supplier<Map<String, List<Service>>> source = Map::of;
  private boolean scheduled;
  private boolean writing;
  private boolean dirty;
  private boolean closed;
  private long lastWrite = Long.MIN_VALUE;
  private long timer = -1;
  private final java.util.List<Promise<Void>> flushes = new java.util.ArrayList<>();

  private RegistrySnapshot(Vertx vertx, String path, Clock clock, int maxServices) {
    this.vertx = vertx;
    this.path = path;
    this.clock = clock;
    this.maxServices = maxServices;
    this.loaded = read();
  }

  /** The snapshot of the file, being read from now on; null when no path is set. */
  static RegistrySnapshot open(Vertx vertx, CacheOptions options) {
    String path = options.getSnapshot();
    return path == null ? null : new RegistrySnapshot(vertx, path, options.getClock(), options.getMaxServices());
  }

  /** Where the current entries come from when the file is written. */
  void source(Supplier<Map<String, List<Service>>> source) {
    this.source = source;
  }

  /** What the file held at start (empty when it was missing or unreadable); never fails. */
  Future<Map<String, Saved>> loaded() {
    return loaded;
  }

  /**
   * The saved versions of a service, for a lookup the backend could not answer; marks the service stale
   * (see {@link #staleness}) until {@link #confirmed} says the registry answered again.
   */
  Future<Saved> lookup(String name) {
    return loaded.map(saved -> {
      Saved entry = saved.get(name);
      if (entry != null && !entry.versions().isEmpty()) {
        staleSince.put(name, entry.at());
        return entry;
      }
      return null;
    });
  }

  /** The registry answered for the service: its data is current, and the file should say so. */
  void confirmed(String name) {
    staleSince.remove(name);
    confirmedAt.put(name, clock.millis());
    changed();
  }

  /** How old the data served for the service is, when it came from the file; null when it is current. */
  Duration staleness(String name) {
    Long since = staleSince.get(name);
    return since == null ? null : Duration.ofMillis(Math.max(0, clock.millis() - since));
  }

  /** The age of every service served from the file, in milliseconds. */
  Map<String, Long> stale() {
    Map<String, Long> ages = new java.util.TreeMap<>();
    long now = clock.millis();
    staleSince.forEach((name, since) -> ages.put(name, Math.max(0, now - since)));
    return ages;
  }

  /** Something the cache knows changed: writes the file, at most once per {@link #MIN_INTERVAL}. */
  synchronized void changed() {
    dirty = true;
    if (scheduled || writing || closed) {
      return; // the write under way or due picks this up
    }
    long wait = lastWrite == Long.MIN_VALUE ? 0 : lastWrite + MIN_INTERVAL.toMillis() - System.currentTimeMillis();
    scheduled = true;
    if (wait <= 0) {
      vertx.runOnContext(v -> write());
    } else {
      timer = vertx.setTimer(wait, id -> write());
    }
  }

  /** Writes what is pending now, without waiting for the interval; later changes are not written. */
  Future<Void> flush() {
    Promise<Void> done = Promise.promise();
    synchronized (this) {
      closed = true; // the cache closed: no timer may outlive it
      if (!dirty && !writing) {
        return Future.succeededFuture();
      }
      flushes.add(done);
      if (!writing) {
        if (!scheduled) {
          scheduled = true; // a change made after an earlier flush
          vertx.runOnContext(v -> write());
        } else if (timer != -1 && vertx.cancelTimer(timer)) {
          timer = -1;
          vertx.runOnContext(v -> write());
        }
      }
    }
    return done.future();
  }

  private void write() {
    loaded.onComplete(ignored -> writeNow()); // what the file held is kept: wait until it is known
  }

  private void writeNow() {
    synchronized (this) {
      scheduled = false;
      timer = -1;
      if (!dirty || writing) {
        return;
      }
      dirty = false;
      writing = true;
    }
    Buffer content;
    try {
      content = Buffer.buffer(Json.mapper().writeValueAsBytes(encode()));
    } catch (Exception e) {
      log.warn("registry cache snapshot {}: could not encode it: {}", path, e.toString());
      finishWrite();
      return;
    }
    FileSystem fs = vertx.fileSystem();
    String temporary = path + ".tmp";
    fs.writeFile(temporary, content)
      .compose(v -> fs.move(temporary, path, new CopyOptions().setReplaceExisting(true).setAtomicMove(true))
        // a file system that cannot move atomically still replaces the file in one step
        .recover(err -> fs.move(temporary, path, new CopyOptions().setReplaceExisting(true))))
      .onComplete(ar -> {
        if (ar.failed()) {
          log.warn("registry cache snapshot {}: could not write it: {}", path, ar.cause().toString());
        }
        finishWrite();
      });
  }

  private void finishWrite() {
    List<Promise<Void>> done;
    synchronized (this) {
      writing = false;
      lastWrite = System.currentTimeMillis();
      done = List.copyOf(flushes);
      flushes.clear();
      if (dirty) {
        if (!done.isEmpty()) {
          flushes.addAll(done); // changed while writing: flushed by the next write
          done = List.of();
          scheduled = true;
          vertx.runOnContext(v -> write());
        } else {
          dirty = false;
          changed();
        }
      }
    }
    done.forEach(Promise::tryComplete);
  }

  /** The saved services overlaid with the cache's, non-empty ones only, newest kept within the bound. */
  private Map<String, Object> encode() {
    Map<String, Saved> all = new HashMap<>(loaded.result() == null ? Map.of() : loaded.result());
    long now = clock.millis();
    source.get().forEach((name, versions) -> {
      if (versions.isEmpty()) {
        return; // names nobody registered are not worth keeping
      }
      Long since = staleSince.get(name);
      long at = since != null ? since : confirmedAt.getOrDefault(name, now);
      all.put(name, new Saved(at, versions));
    });
    Map<String, Object> services = new LinkedHashMap<>();
    all.entrySet().stream()
      .sorted((a, b) -> Long.compare(b.getValue().at(), a.getValue().at()))
      .limit(maxServices)
      .forEach(e -> services.put(e.getKey(), Map.of("at", e.getValue().at(), "versions", e.getValue().versions())));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("format", FORMAT);
    file.put("services", services);
    return file;
  }

  private Future<Map<String, Saved>> read() {
    FileSystem fs = vertx.fileSystem();
    return fs.exists(path).compose(exists -> {
      if (!exists) {
        log.debug("registry cache snapshot {} does not exist yet", path);
        return Future.succeededFuture(Map.<String, Saved>of());
      }
      return fs.readFile(path).map(RegistrySnapshot::decode).map(saved -> {
        log.info("registry cache snapshot {}: {} service(s) known from before", path, saved.size());
        return saved;
      });
    }).recover(err -> {
      log.warn("registry cache snapshot {} is unreadable and was ignored: {}", path, err.toString());
      return Future.succeededFuture(Map.of());
    });
  }

  private static Map<String, Saved> decode(Buffer content) {
    try {
      Map<String, Object> file = Json.mapper().readValue(content.getBytes(), new TypeReference<>() { });
      Object format = file.get("format");
      if (!(format instanceof Number number) || number.intValue() != FORMAT) {
        throw new IllegalArgumentException("unknown format " + format);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> services = (Map<String, Object>) file.get("services");
      Map<String, Saved> saved = new HashMap<>();
      if (services != null) {
        services.forEach((name, value) -> {
          Saved entry = Json.mapper().convertValue(value, Saved.class);
          saved.put(name, new Saved(entry.at(), entry.versions() == null ? List.of() : List.copyOf(entry.versions())));
        });
      }
      return saved;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a snapshot: " + e.getMessage(), e);
    }
  }
}
