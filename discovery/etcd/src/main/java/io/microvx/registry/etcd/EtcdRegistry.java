package io.microvx.registry.etcd;

import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.Services;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code etcd} registry, go-micro's layout (see {@link EtcdKeys}) over etcd's JSON API. A node
 * registered with a TTL is put under a lease of that TTL; registering it again unchanged only keeps the
 * lease alive (no write, so watchers see no change), puts the key back when it was deleted under a live
 * lease (a wiped prefix), and puts it again under a new lease when the lease is gone, as after etcd lost
 * its data.
 */
final class EtcdRegistry implements Registry {

  /** What this registry last wrote for a node key: its value and lease (0 without a TTL). */
  private record Written(byte[] value, long lease) {
  }

  private final Vertx vertx;
  private final EtcdClient etcd;
  private final EtcdKeys keys;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  EtcdRegistry(Vertx vertx, EtcdRegistryOptions options) {
    this.vertx = vertx;
    this.etcd = new EtcdClient(vertx, options);
    this.keys = new EtcdKeys(options.getPrefix());
  }

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions options) {
    long ttlSeconds = options.getTtl().isZero() ? 0 : Math.max(1, (options.getTtl().toMillis() + 999) / 1000);
    return Services.validate(service).compose(v -> Future.all(service.nodes().stream()
      .map(node -> registerNode(service.withNodes(List.of(node)), ttlSeconds)).toList())).mapEmpty();
  }

  private Future<Void> registerNode(Service single, long ttlSeconds) {
    String key = keys.node(single.name(), single.nodes().get(0).id());
    byte[] value = EtcdKeys.value(single);
    Written before = written.get(key);
    boolean unchanged = before != null && Arrays.equals(before.value, value) && (before.lease != 0) == (ttlSeconds > 0);
    Future<Boolean> kept = unchanged && ttlSeconds > 0 ? keepAlive(before.lease) : Future.succeededFuture(false);
    return kept.compose(alive -> {
      if (alive) {
        return putIfGone(key, value, before.lease);
      }
      Future<Long> lease = ttlSeconds > 0 ? grant(ttlSeconds) : Future.succeededFuture(0L);
      return lease.compose(id -> put(key, value, id).onSuccess(x -> written.put(key, new Written(value, id))));
    });
  }

  private Future<Long> grant(long ttlSeconds) {
    return etcd.call("/v3/lease/grant", new JsonObject().put("TTL", ttlSeconds))
      .map(answer -> Long.parseLong(answer.getString("ID")));
  }

  /** Whether the lease is still alive after one keep-alive (etcd answers no TTL for a lease it lost). */
  private Future<Boolean> keepAlive(long lease) {
    return etcd.call("/v3/lease/keepalive", new JsonObject().put("ID", Long.toString(lease)))
      .map(answer -> {
        JsonObject result = answer.getJsonObject("result", answer);
        return Long.parseLong(String.valueOf(result.getValue("TTL", "0"))) > 0;
      });
  }

  /**
   * Puts the key back under its live lease when someone deleted it (a wiped prefix): one transaction that
   * writes nothing, so watchers see nothing, while the key is there.
   */
  private Future<Void> putIfGone(String key, byte[] value, long lease) {
    String encodedKey = EtcdKeys.encode(key);
    JsonObject gone = new JsonObject().put("key", encodedKey).put("target", "VERSION").put("result", "EQUAL")
      .put("version", "0");
    JsonObject put = new JsonObject().put("key", encodedKey).put("value", EtcdKeys.encode(value))
      .put("lease", Long.toString(lease));
    return etcd.call("/v3/kv/txn", new JsonObject()
      .put("compare", new JsonArray().add(gone))
      .put("success", new JsonArray().add(new JsonObject().put("request_put", put)))).mapEmpty();
  }

  private Future<Void> put(String key, byte[] value, long lease) {
    JsonObject put = new JsonObject().put("key", EtcdKeys.encode(key)).put("value", EtcdKeys.encode(value));
    if (lease != 0) {
      put.put("lease", Long.toString(lease));
    }
    return etcd.call("/v3/kv/put", put).mapEmpty();
  }

  @Override
  public Future<Void> deregister(Service service) {
    return Services.validate(service).compose(v -> Future.all(service.nodes().stream()
      .map(node -> deregisterNode(keys.node(service.name(), node.id()))).toList())).mapEmpty();
  }

  private Future<Void> deregisterNode(String key) {
    return etcd.call("/v3/kv/deleterange", new JsonObject().put("key", EtcdKeys.encode(key)))
      .onSuccess(v -> {
        Written was = written.remove(key);
        if (was != null && was.lease != 0) {
          // tidy: the lease would lapse anyway
          etcd.call("/v3/lease/revoke", new JsonObject().put("ID", Long.toString(was.lease)));
        }
      }).mapEmpty();
  }

  @Override
  public Future<List<Service>> getService(String name) {
    return range(keys.service(name)).map(found -> found.stream().filter(s -> s.name().equals(name)).toList());
  }

  @Override
  public Future<List<Service>> listServices() {
    return range(keys.all());
  }

  /** Every service under the key prefix, one entry per name and version with its nodes. */
  private Future<List<Service>> range(String keyPrefix) {
    return etcd.call("/v3/kv/range", EtcdKeys.prefixRange(keyPrefix)).map(answer -> {
      JsonArray kvs = answer.getJsonArray("kvs", new JsonArray());
      List<Service> versions = new ArrayList<>();
      for (int i = 0; i < kvs.size(); i++) {
        Service single = EtcdKeys.service(kvs.getJsonObject(i));
        if (single != null) {
          versions = Services.merge(versions, new WatchEvent(WatchEvent.Action.CREATE, single));
        }
      }
      return versions;
    });
  }

  @Override
  public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
    String service = options.getService();
    String keyPrefix = service == null || service.isBlank() ? keys.all() : keys.service(service);
    return EtcdWatch.start(vertx, etcd, keyPrefix, new WatchOptions(options), handler);
  }

  @Override
  public Future<Void> close() {
    return etcd.close();
  }
}
