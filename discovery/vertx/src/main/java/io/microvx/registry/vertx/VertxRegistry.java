package io.microvx.registry.vertx;

import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
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
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The registry over Vert.x Service Discovery: one {@code http-endpoint} record per node (see
 * {@link MicroRecords}), found again by its service name and node id. Service Discovery has no TTL, so
 * each record carries its expiry, a renewal rewrites it (marked as a renewal, which watchers skip), reads
 * hide lapsed records and every registry reaps them every {@code vertx_reap_interval}; a removal is
 * atomic in the backend, so of several reapers one removes and one DELETE is announced. Watches listen to
 * the discovery's announce address through the instance's {@link AnnounceHub}.
 */
final class VertxRegistry implements Registry {

  private final Future<Vertx> vertx;
  private final boolean ownVertx;
  private final VertxDiscoveryOptions options;
  private final Future<ServiceDiscovery> discovery;
  private final Future<AnnounceHub> hub;
  /** Registration ids by node key, so a renewal reads one record instead of listing them all. */
  private final Map<String, String> registrations = new ConcurrentHashMap<>();
  /** The last operation per node key: operations on one node run one after the other. */
  private final Map<String, Future<?>> tails = new HashMap<>();
  private volatile long reaper = -1;
  private volatile boolean reaping;
  private volatile boolean closed;

  /** @param vertx the Vert.x to work on, or one still being started by the plugin (then closed with the registry) */
  VertxRegistry(Future<Vertx> vertx, boolean ownVertx, VertxDiscoveryOptions options) {
    this.vertx = vertx;
    this.ownVertx = ownVertx;
    this.options = new VertxDiscoveryOptions(options);
    this.discovery = vertx.map(v -> ServiceDiscovery.create(v, new ServiceDiscoveryOptions()
      .setAnnounceAddress(this.options.getAnnounceAddress()).setName(this.options.getDiscoveryName())));
    this.hub = vertx.compose(v -> AnnounceHub.of(v, this.options.getAnnounceAddress()));
    vertx.onSuccess(v -> {
      if (!closed) {
        reaper = v.setPeriodic(this.options.getReapInterval().toMillis(), id -> reap());
      }
    });
  }

  @Override
  public String name() {
    return "vertx";
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions registerOptions) {
    ContextInternal caller = caller();
    Future<Void> valid = Services.validate(service);
    if (valid.failed()) {
      return onCaller(caller, valid);
    }
    long ttl = registerOptions.getTtl().toMillis();
    List<Future<?>> done = new ArrayList<>();
    for (Node node : service.nodes()) {
      done.add(serially(key(service.name(), node.id()), () -> discovery.compose(sd -> upsert(sd, service, node, ttl))));
    }
    return onCaller(caller, Future.all(done).mapEmpty());
  }

  /** Publishes the node's record, or rewrites the one there: a renewal when nothing but the expiry changed. */
  private Future<Void> upsert(ServiceDiscovery sd, Service service, Node node, long ttl) {
    String key = key(service.name(), node.id());
    Service wanted = service.withNodes(List.of(node));
    return find(sd, service.name(), node.id()).compose(found -> {
      long expires = ttl > 0 ? System.currentTimeMillis() + Math.max(ttl, 1) : 0;
      if (found.isEmpty()) {
        Record fresh = MicroRecords.record(service, node, expires, MicroRecords.REGISTER);
        // publishing draws the registration id from UUID.randomUUID(), which reads the system's entropy source
        return vertx.result().executeBlocking(() -> sd.publish(fresh), false).compose(published -> published)
          .onSuccess(record -> registrations.put(key, record.getRegistration())).mapEmpty();
      }
      Record current = found.get(0);
      boolean same = current.getStatus() == Status.UP && MicroRecords.service(current).equals(wanted);
      Record next = MicroRecords.record(service, node, expires, same ? MicroRecords.RENEWAL : MicroRecords.UPDATE)
        .setRegistration(current.getRegistration()).setStatus(Status.UP);
      registrations.put(key, current.getRegistration());
      List<Future<?>> writes = new ArrayList<>();
      writes.add(sd.update(next));
      // two registrations that raced each left a record: keep one
      for (Record duplicate : found.subList(1, found.size())) {
        writes.add(sd.unpublish(duplicate.getRegistration()).otherwiseEmpty());
      }
      return Future.all(writes).mapEmpty();
    });
  }

  @Override
  public Future<Void> deregister(Service service) {
    ContextInternal caller = caller();
    Future<Void> valid = Services.validate(service);
    if (valid.failed()) {
      return onCaller(caller, valid);
    }
    List<Future<?>> done = new ArrayList<>();
    for (Node node : service.nodes()) {
      String key = key(service.name(), node.id());
      done.add(serially(key, () -> discovery.compose(sd -> find(sd, service.name(), node.id()).compose(found -> {
        registrations.remove(key);
        List<Future<?>> removed = new ArrayList<>();
        for (Record record : found) {
          if (service.version() == null || service.version().equals(record.getMetadata().getString(MicroRecords.VERSION))) {
            // gone already (reaped, or deregistered elsewhere) is what was asked
            removed.add(sd.unpublish(record.getRegistration()).otherwiseEmpty());
          }
        }
        return Future.all(removed).mapEmpty();
      }))));
    }
    return onCaller(caller, Future.all(done).mapEmpty());
  }

  @Override
  public Future<List<Service>> getService(String name) {
    ContextInternal caller = caller();
    return onCaller(caller, live(record -> name.equals(record.getName())).map(VertxRegistry::versions));
  }

  @Override
  public Future<List<Service>> listServices() {
    ContextInternal caller = caller();
    return onCaller(caller, live(record -> true).map(VertxRegistry::versions));
  }

  @Override
  public Future<Watcher> watch(WatchOptions watchOptions, Handler<WatchEvent> handler) {
    ContextInternal caller = caller();
    WatchOptions filter = new WatchOptions(watchOptions);
    AnnounceWatcher watcher = new AnnounceWatcher(caller, filter, handler);
    return onCaller(caller, hub.map(h -> {
      watcher.hub = h;
      h.add(watcher);
      return watcher;
    }));
  }

  @Override
  public Future<Void> close() {
    ContextInternal caller = caller();
    closed = true;
    Future<Void> done = vertx.otherwiseEmpty().compose(v -> {
      if (v == null) {
        return Future.succeededFuture();
      }
      v.cancelTimer(reaper);
      discovery.onSuccess(ServiceDiscovery::close);
      return ownVertx ? v.close() : Future.succeededFuture();
    });
    // a context of the Vert.x closed here cannot take the result: the caller gets it from the closing thread
    boolean callerCloses = ownVertx && caller != null && vertx.succeeded() && caller.owner() == vertx.result();
    return callerCloses ? done : onCaller(caller, done);
  }

  /** Removes the records whose TTL lapsed; each one is checked again just before, as a renewal may have come. */
  private void reap() {
    if (reaping || closed || !discovery.succeeded()) {
      return;
    }
    reaping = true;
    ServiceDiscovery sd = discovery.result();
    long now = System.currentTimeMillis();
    sd.getRecords(record -> MicroRecords.isMicro(record) && MicroRecords.expired(record, now), true)
      .compose(expired -> {
        List<Future<?>> removed = new ArrayList<>();
        for (Record record : expired) {
          removed.add(sd.getRecord(record.getRegistration()).compose(again -> again != null
            && MicroRecords.expired(again, System.currentTimeMillis())
            ? sd.unpublish(again.getRegistration()) : Future.succeededFuture()).otherwiseEmpty());
        }
        return Future.join(removed);
      })
      .onComplete(ar -> reaping = false);
  }

  /** The live micro records the filter accepts. */
  private Future<List<Record>> live(Function<Record, Boolean> filter) {
    long now = System.currentTimeMillis();
    return discovery.compose(sd -> sd.getRecords(record -> MicroRecords.isMicro(record) && filter.apply(record)
      && !MicroRecords.expired(record, now)));
  }

  /** The records of one node: the one its registration id names, or else those a scan finds. */
  private Future<List<Record>> find(ServiceDiscovery sd, String name, String nodeId) {
    String registration = registrations.get(key(name, nodeId));
    Future<List<Record>> scan = sd.getRecords(record -> MicroRecords.isMicro(record) && name.equals(record.getName())
      && nodeId.equals(MicroRecords.nodeId(record)), true);
    if (registration == null) {
      return scan;
    }
    return sd.getRecord(registration).compose(record -> record != null && MicroRecords.isMicro(record)
      && name.equals(record.getName()) && nodeId.equals(MicroRecords.nodeId(record))
      ? Future.succeededFuture(List.of(record)) : scan);
  }

  /** Records grouped into service versions, nodes of one id once (the latest record read wins). */
  private static List<Service> versions(List<Record> records) {
    Map<List<String>, Service> templates = new LinkedHashMap<>();
    Map<List<String>, Map<String, Node>> nodes = new LinkedHashMap<>();
    for (Record record : records) {
      Service service;
      try {
        service = MicroRecords.service(record);
      } catch (IllegalArgumentException e) {
        continue; // a record a plain app wrote under our keys is not a micro node
      }
      List<String> version = java.util.Arrays.asList(service.name(), service.version());
      templates.put(version, service);
      Map<String, Node> byId = nodes.computeIfAbsent(version, k -> new LinkedHashMap<>());
      service.nodes().forEach(node -> byId.put(node.id(), node));
    }
    List<Service> result = new ArrayList<>(templates.size());
    templates.forEach((version, template) -> result.add(template.withNodes(List.copyOf(nodes.get(version).values()))));
    return result;
  }

  private <T> Future<T> serially(String key, Supplier<Future<T>> operation) {
    synchronized (tails) {
      Future<?> tail = tails.getOrDefault(key, Future.succeededFuture());
      Future<T> next = tail.transform(ar -> operation.get());
      tails.put(key, next);
      next.onComplete(ar -> {
        synchronized (tails) {
          tails.remove(key, next);
        }
      });
      return next;
    }
  }

  private static String key(String name, String nodeId) {
    return name + '\u0000' + nodeId;
  }

  /** The caller's context, results go back to it; a caller without one gets a context of the registry's Vert.x. */
  private ContextInternal caller() {
    Context current = Vertx.currentContext();
    if (current != null) {
      return (ContextInternal) current;
    }
    if (vertx.succeeded()) {
      return (ContextInternal) vertx.result().getOrCreateContext();
    }
    return null;
  }

  private static <T> Future<T> onCaller(ContextInternal caller, Future<T> result) {
    if (caller == null) {
      return result;
    }
    Promise<T> promise = caller.promise();
    result.onComplete(promise);
    return promise.future();
  }

  /** A watch: announcements of micro records turned into events, handed to the caller's context in order. */
  private static final class AnnounceWatcher implements Watcher, Handler<JsonObject> {
    private final ContextInternal context;
    private final WatchOptions filter;
    private final Handler<WatchEvent> handler;
    private final Promise<Void> closed = Promise.promise();
    private volatile AnnounceHub hub;
    private volatile boolean stopped;

    AnnounceWatcher(ContextInternal context, WatchOptions filter, Handler<WatchEvent> handler) {
      this.context = context;
      this.filter = filter;
      this.handler = handler;
    }

    @Override
    public void handle(JsonObject announced) {
      WatchEvent event = toEvent(announced);
      if (event == null || stopped) {
        return;
      }
      if (context == null) {
        handler.handle(event);
      } else {
        context.runOnContext(v -> {
          if (!stopped) {
            handler.handle(event);
          }
        });
      }
    }

    private WatchEvent toEvent(JsonObject announced) {
      Record record;
      Service service;
      try {
        record = new Record(announced);
        if (!MicroRecords.isMicro(record) || !filter.matches(record.getName())) {
          return null;
        }
        service = MicroRecords.service(record);
      } catch (RuntimeException e) {
        return null; // not a record of ours
      }
      if (record.getStatus() != Status.UP) {
        return new WatchEvent(WatchEvent.Action.DELETE, service);
      }
      // a publish is announced without its registration id, an update with it
      if (record.getRegistration() == null) {
        return new WatchEvent(WatchEvent.Action.CREATE, service);
      }
      if (MicroRecords.RENEWAL.equals(MicroRecords.change(record))) {
        return null;
      }
      return new WatchEvent(WatchEvent.Action.UPDATE, service);
    }

    @Override
    public Future<Void> stop() {
      stopped = true;
      AnnounceHub h = hub;
      if (h != null) {
        h.remove(this);
      }
      closed.tryComplete();
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> closed() {
      return closed.future();
    }
  }
}
