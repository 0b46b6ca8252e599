package io.microvx.registry.consul;

import io.microvx.config.Durations;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.Services;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.consul.CheckOptions;
import io.vertx.ext.consul.CheckStatus;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.ServiceEntry;
import io.vertx.ext.consul.ServiceOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * go-micro's Consul registry: each node an agent service (ID = node id, Name = service name, Address and
 * Port from the node address, the model in tags, see {@link ConsulTags}) with a TTL check
 * {@code service:<node id>} passed on every renewal; lookups through the health API, passing nodes only;
 * watches by blocking queries turned into events with {@link Services#diff}.
 */
final class ConsulRegistry implements Registry {

  /** Consul reaps a critical service no sooner than a minute; go-micro adds five seconds of splay. */
  static final Duration MIN_DEREGISTER = Duration.ofMinutes(1);
  static final Duration DEREGISTER_SPLAY = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final ConsulRegistryOptions options;
  private final ConsulClient client;
  /** What each node was last registered as, so an unchanged renewal only passes its check (as go-micro). */
  private final Map<String, String> registered = new ConcurrentHashMap<>();
  private final Set<ConsulWatch> watches = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ConsulRegistry(Vertx vertx, ConsulRegistryOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.client = ConsulClient.create(vertx, clientOptions(options.getTimeout()));
  }

  @Override
  public String name() {
    return "consul";
  }

  ConsulRegistryOptions options() {
    return options;
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions registerOptions) {
    ContextInternal context = context();
    Future<Void> valid = Services.validate(service);
    if (valid.failed()) {
      return relay(context, valid);
    }
    Duration ttl = registerOptions.getTtl();
    List<Future<Void>> each = new ArrayList<>();
    for (Node node : service.nodes()) {
      each.add(registerNode(service, node, ttl));
    }
    return relay(context, Future.all(each).<Void>mapEmpty().recover(this::failure));
  }

  private Future<Void> registerNode(Service service, Node node, Duration ttl) {
    List<String> tags = ConsulTags.encode(node.metadata(), service.endpoints(), service.version());
    String fingerprint = service.name() + "\n" + node.address() + "\n" + ttl + "\n" + String.join(",", tags);
    String checkId = "service:" + node.id();
    boolean hasTtl = !ttl.isZero();
    if (hasTtl && fingerprint.equals(registered.get(node.id()))) {
      // unchanged: pass the check; should that fail (the agent forgot the service), register it in full
      return client.passCheck(checkId).recover(err -> registerInFull(service.name(), node, tags, ttl, fingerprint));
    }
    return registerInFull(service.name(), node, tags, ttl, fingerprint);
  }

  private Future<Void> registerInFull(String name, Node node, List<String> tags, Duration ttl, String fingerprint) {
    ServiceOptions agentService = new ServiceOptions()
      .setId(node.id())
      .setName(name)
      .setTags(tags)
      .setAddress(node.port() < 0 ? node.address() : node.host())
      .setPort(Math.max(node.port(), 0));
    boolean hasTtl = !ttl.isZero();
    String checkId = "service:" + node.id();
    if (hasTtl) {
      agentService.setCheckOptions(new CheckOptions()
        .setId(checkId)
        .setTtl(Durations.format(ttl))
        .setDeregisterAfter(Durations.format(deregisterAfter(ttl)))
        // registered passing, so the node is never listed critical between the two calls
        .setStatus(CheckStatus.PASSING));
    }
    return client.registerService(agentService)
      .onFailure(err -> registered.remove(node.id()))
      .compose(v -> {
        registered.put(node.id(), fingerprint);
        return hasTtl ? client.passCheck(checkId) : Future.succeededFuture();
      });
  }

  /** go-micro's {@code DeregisterCriticalServiceAfter}: max(TTL, 1m) + 5s. */
  static Duration deregisterAfter(Duration ttl) {
    return (ttl.compareTo(MIN_DEREGISTER) < 0 ? MIN_DEREGISTER : ttl).plus(DEREGISTER_SPLAY);
  }

  @Override
  public Future<Void> deregister(Service service) {
    ContextInternal context = context();
    Future<Void> valid = Services.validate(service);
    if (valid.failed()) {
      return relay(context, valid);
    }
    List<Future<Void>> each = new ArrayList<>();
    for (Node node : service.nodes()) {
      registered.remove(node.id());
      // an agent that no longer knows the service answers 404: it is gone, which is what was asked
      each.add(client.deregisterService(node.id())
        .recover(err -> ConsulFailures.status(err) == 404 ? Future.succeededFuture() : Future.failedFuture(err)));
    }
    return relay(context, Future.all(each).<Void>mapEmpty().recover(this::failure));
  }

  @Override
  public Future<List<Service>> getService(String name) {
    ContextInternal context = context();
    return relay(context, client.healthServiceNodes(name, true)
      .map(entries -> toServices(name, entries.getList()))
      .recover(this::failure));
  }

  @Override
  public Future<List<Service>> listServices() {
    ContextInternal context = context();
    return relay(context, client.catalogServices().map(list -> {
      List<Service> services = new ArrayList<>();
      for (io.vertx.ext.consul.Service entry : list.getList()) {
        // the catalog has the union of the instances' tags: one entry per version tag among them
        Set<String> versions = new LinkedHashSet<>();
        List<String> tags = entry.getTags() == null ? List.of() : entry.getTags();
        for (String tag : tags) {
          if (tag.startsWith("v-") || tag.startsWith("v=")) {
            versions.add(ConsulTags.decodeVersion(List.of(tag)));
          }
        }
        if (versions.isEmpty()) {
          versions.add("");
        }
        versions.forEach(version -> services.add(new Service(entry.getName(), version, List.of())));
      }
      return services;
    }).recover(this::failure));
  }

  /** The versions of a service in a health answer; a node with a critical check is left out, as go-micro does. */
  static List<Service> toServices(String name, List<ServiceEntry> entries) {
    Map<String, Service> versions = new LinkedHashMap<>();
    Map<String, List<Node>> nodes = new LinkedHashMap<>();
    for (ServiceEntry entry : entries == null ? List.<ServiceEntry>of() : entries) {
      io.vertx.ext.consul.Service agentService = entry.getService();
      if (agentService == null || !name.equals(agentService.getName())) {
        continue;
      }
      boolean critical = entry.getChecks() != null
        && entry.getChecks().stream().anyMatch(check -> check.getStatus() == CheckStatus.CRITICAL);
      List<String> tags = agentService.getTags() == null ? List.of() : agentService.getTags();
      String version = ConsulTags.decodeVersion(tags);
      if (!versions.containsKey(version)) {
        List<Endpoint> endpoints = ConsulTags.decodeEndpoints(tags);
        versions.put(version, new Service(name, version, Map.of(), endpoints, List.of()));
        nodes.put(version, new ArrayList<>());
      }
      if (critical) {
        continue;
      }
      String host = agentService.getAddress();
      if (host == null || host.isEmpty()) {
        host = entry.getNode() == null ? "" : entry.getNode().getAddress();
      }
      nodes.get(version).add(new Node(agentService.getId(), Node.address(host, agentService.getPort()),
        ConsulTags.decodeMetadata(tags)));
    }
    List<Service> result = new ArrayList<>();
    versions.forEach((version, template) -> {
      if (!nodes.get(version).isEmpty()) {
        result.add(template.withNodes(nodes.get(version)));
      }
    });
    return result;
  }

  @Override
  public Future<Watcher> watch(WatchOptions watchOptions, Handler<WatchEvent> handler) {
    ContextInternal context = context();
    if (closed) {
      return context.failedFuture(ConsulFailures.of(options.getAddress(), new IllegalStateException("registry closed")));
    }
    ConsulWatch watch = new ConsulWatch(this, context, new WatchOptions(watchOptions), handler);
    watches.add(watch);
    watch.closed().onComplete(ar -> watches.remove(watch));
    return watch.start();
  }

  @Override
  public Future<Void> close() {
    ContextInternal context = context();
    closed = true;
    List<Future<Void>> stopped = new ArrayList<>();
    watches.forEach(watch -> stopped.add(watch.stop()));
    return relay(context, Future.join(stopped).<Void>mapEmpty().eventually(() -> {
      client.close();
      return Future.succeededFuture();
    }).otherwiseEmpty());
  }

  /** A client of its own for one blocking query loop: closing it cancels the query under way. */
  ConsulClient blockingClient() {
    Duration wait = options.getWait();
    // the agent answers within wait + wait/16 (its jitter); the usual timeout on top
    return ConsulClient.create(vertx, clientOptions(wait.plus(wait.dividedBy(16)).plus(options.getTimeout())));
  }

  private ConsulClientOptions clientOptions(Duration timeout) {
    ConsulClientOptions clientOptions = new ConsulClientOptions()
      .setHost(options.host())
      .setPort(options.port())
      .setTimeout(timeout.toMillis())
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.getConnectTimeout().toMillis()));
    if (options.getToken() != null) {
      clientOptions.setAclToken(options.getToken());
    }
    if (options.getDatacenter() != null) {
      clientOptions.setDc(options.getDatacenter());
    }
    if (options.isTls()) {
      clientOptions.setSsl(true);
      if (options.isTlsTrustAll()) {
        clientOptions.setTrustAll(true).setVerifyHost(false);
      } else if (options.getTlsCaFile() != null) {
        clientOptions.setTrustOptions(new PemTrustOptions().addCertPath(options.getTlsCaFile()));
      }
    }
    return clientOptions;
  }

  <T> Future<T> failure(Throwable err) {
    return Future.failedFuture(ConsulFailures.of(options.getAddress(), err));
  }

  private ContextInternal context() {
    return (ContextInternal) vertx.getOrCreateContext();
  }

  /** The outcome completed on the caller's context. */
  static <T> Future<T> relay(ContextInternal context, Future<T> outcome) {
    Promise<T> promise = context.promise();
    outcome.onComplete(promise);
    return promise.future();
  }
}
