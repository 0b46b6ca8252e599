package io.microvx.registry.mdns;

import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.Services;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.registry.mdns.DnsMessage.Question;
import io.microvx.registry.mdns.DnsMessage.Record;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code mdns} registry: a multicast DNS responder and querier in go-micro's layout ({@link MdnsLayout})
 * on one Vert.x datagram socket joined to 224.0.0.251 on one interface. Registering announces the node's
 * records (again on every renewal, so caches elsewhere keep it); deregistering and a lapsed TTL send them
 * with TTL 0 (a goodbye). Lookups ask the LAN and collect answers for {@code mdns_timeout}; watches read
 * every announcement and goodbye heard, expire records whose TTL ran out, and turn the nodes heard into
 * events with {@link Services#diff}. Everything runs on the registry's own event-loop context, nothing
 * blocks.
 *
 * <p>Why no mDNS library: go-micro's names ({@code <node-id>.<service>.micro.}) carry no {@code _tcp} label,
 * and jmDNS's service API puts one in every service type it publishes or browses, so it could not speak
 * go-micro's layout; the little of DNS needed here is {@link DnsMessage}.
 */
final class MdnsRegistry implements Registry {

  private static final Logger LOG = LoggerFactory.getLogger(MdnsRegistry.class);
  private static final long TICK_MILLIS = 250;

  /** A node this registry publishes: its records' TTL, when it lapses (0: never) and when to announce it again. */
  private record Local(Service single, int ttl, long expires, long reannounce) {
  }

  private final VertxInternal vertx;
  private final MdnsRegistryOptions options;
  private final MdnsLayout layout;
  private final NetworkInterface networkInterface;
  private final String interfaceName;
  private final ContextInternal own;

  // touched on `own` only
  private final Map<String, Local> locals = new LinkedHashMap<>();
  private final MdnsCache heard = new MdnsCache();
  private final List<MdnsCache> lookups = new ArrayList<>();
  private final List<MdnsWatch> watches = new ArrayList<>();
  private Future<DatagramSocket> socket;
  private long tick = -1;
  private boolean closed;

  MdnsRegistry(Vertx vertx, MdnsRegistryOptions options) {
    this.vertx = (VertxInternal) vertx;
    this.options = options;
    this.layout = new MdnsLayout(options.getDomain());
    this.networkInterface = MdnsInterface.resolve(options.getNetworkInterface()); // fails fast, one line
    this.interfaceName = networkInterface.getName();
    this.own = this.vertx.createEventLoopContext();
  }

  @Override
  public String name() {
    return "mdns";
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions registerOptions) {
    long ttlMillis = registerOptions.getTtl().toMillis();
    return onOwn(() -> Services.validate(service).compose(v -> checkNames(service)).compose(v -> socket()).compose(s -> {
      long now = System.currentTimeMillis();
      int ttl = (int) Math.max(1, ((ttlMillis == 0 ? options.getTtl().toMillis() : ttlMillis) + 999) / 1000);
      List<Future<Void>> sent = new ArrayList<>();
      for (Node node : service.nodes()) {
        Service single = service.withNodes(List.of(node));
        boolean firstOfService = locals.values().stream().noneMatch(l -> l.single.name().equals(service.name()));
        long reannounce = ttlMillis == 0 ? now + ttl * 500L : Long.MAX_VALUE; // a renewal announces a timed one
        locals.put(layout.instance(service.name(), node.id()),
          new Local(single, ttl, ttlMillis == 0 ? 0 : now + ttlMillis, reannounce));
        // announced on every registration: a renewal refreshes the records in every cache that holds them
        sent.add(send(DnsMessage.response(layout.nodeRecords(single, ttl))));
        if (firstOfService || ttlMillis != 0) {
          sent.add(send(DnsMessage.response(layout.listingRecords(service.name(), ttl))));
        }
      }
      return Future.all(sent).mapEmpty();
    }));
  }

  private Future<Void> checkNames(Service service) {
    for (Node node : service.nodes()) {
      if (!layout.fits(service.name(), node.id())) {
        return Future.failedFuture(MicroException.badRequest("go.micro.registry",
          "mdns: node %s of %s does not fit a DNS name (dot-separated parts of 1 to 63 bytes, 255 in all)",
          node.id(), service.name()));
      }
      if (node.port() < 0) {
        return Future.failedFuture(MicroException.badRequest("go.micro.registry",
          "mdns: node %s of %s has no port: mdns publishes host:port addresses only", node.id(), service.name()));
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> deregister(Service service) {
    return onOwn(() -> Services.validate(service).compose(v -> socket()).compose(s -> {
      List<Future<Void>> sent = new ArrayList<>();
      for (Node node : service.nodes()) {
        Local local = locals.remove(layout.instance(service.name(), node.id()));
        if (local != null) {
          sent.add(goodbye(local));
        }
      }
      return Future.all(sent).mapEmpty();
    }));
  }

  /**
   * The node's records with TTL 0, and its service's listing ones when it was the service's last node here:
   * in packets of their own, since go-micro's watcher reads one instance per packet (the last named).
   */
  private Future<Void> goodbye(Local local) {
    Future<Void> node = send(DnsMessage.response(layout.nodeRecords(local.single, 0)));
    String name = local.single.name();
    if (locals.values().stream().anyMatch(l -> l.single.name().equals(name))) {
      return node;
    }
    return Future.all(node, send(DnsMessage.response(layout.listingRecords(name, 0)))).mapEmpty();
  }

  @Override
  public Future<List<Service>> getService(String name) {
    return onOwn(() -> ask(List.of(new Question(layout.serviceType(name), DnsMessage.PTR)))
      .map(answers -> versions(answers.nodes.stream().filter(s -> s.name().equals(name)).toList())));
  }

  @Override
  public Future<List<Service>> listServices() {
    return onOwn(() -> ask(List.of(new Question(layout.servicesType(), DnsMessage.PTR))).compose(first -> {
      Set<String> names = new LinkedHashSet<>(first.listed);
      locals.values().forEach(l -> names.add(l.single.name()));
      if (names.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      List<Question> questions = names.stream().map(n -> new Question(layout.serviceType(n), DnsMessage.PTR)).toList();
      return ask(questions).map(answers -> versions(answers.nodes));
    }));
  }

  /** What one lookup heard: the nodes (with this registry's own) and the services listed. */
  private record Answers(List<Service> nodes, Set<String> listed) {
  }

  /**
   * Sends the questions (several packets when many), collects answers for {@code mdns_timeout}, and gives
   * the nodes heard in that time plus this registry's own.
   */
  private Future<Answers> ask(List<Question> questions) {
    return socket().compose(s -> {
      MdnsCache answers = new MdnsCache();
      lookups.add(answers);
      List<Future<Void>> sent = new ArrayList<>();
      for (int from = 0; from < questions.size(); from += 20) {
        sent.add(send(DnsMessage.query(questions.subList(from, Math.min(questions.size(), from + 20)))));
      }
      Promise<Answers> collected = own.promise();
      Future.all(sent).onComplete(done -> vertx.setTimer(options.getTimeout().toMillis(), id -> {
        lookups.remove(answers);
        if (done.failed()) {
          collected.fail(new IllegalStateException("mdns: cannot ask on " + interfaceName + ": " + done.cause().getMessage(),
            done.cause()));
          return;
        }
        long now = System.currentTimeMillis();
        Map<String, Service> nodes = answers.nodes(layout, now);
        locals.forEach((instance, local) -> nodes.put(instance.toLowerCase(), local.single));
        collected.complete(new Answers(List.copyOf(nodes.values()), answers.listed(layout, now)));
      }));
      return collected.future();
    });
  }

  /** Single-node services folded into one entry per name and version. */
  private static List<Service> versions(Collection<Service> nodes) {
    List<Service> versions = new ArrayList<>();
    for (Service single : nodes) {
      versions = Services.merge(versions, new WatchEvent(WatchEvent.Action.CREATE, single));
    }
    return versions;
  }

  @Override
  public Future<Watcher> watch(WatchOptions watchOptions, Handler<WatchEvent> handler) {
    ContextInternal caller = vertx.getOrCreateContext();
    MdnsWatch watch = new MdnsWatch(watchOptions, caller, handler);
    return onOwn(() -> socket().map(s -> {
      watch.start(heard.nodes(layout, System.currentTimeMillis()).values());
      watches.add(watch);
      return new Watcher() {
        @Override
        public Future<Void> stop() {
          return onOwn(() -> {
            watches.remove(watch);
            watch.closed.tryComplete();
            return Future.succeededFuture();
          });
        }

        @Override
        public Future<Void> closed() {
          return watch.closed.future();
        }
      };
    }));
  }

  /** Turns what the cache now holds into each watch's events, delivered in order on the watcher's context. */
  private void updateWatches() {
    if (watches.isEmpty()) {
      return;
    }
    Collection<Service> nodes = heard.nodes(layout, System.currentTimeMillis()).values();
    watches.forEach(watch -> watch.update(nodes));
  }

  @Override
  public Future<Void> close() {
    return onOwn(() -> {
      closed = true;
      if (tick >= 0) {
        vertx.cancelTimer(tick);
      }
      watches.forEach(watch -> watch.closed.tryComplete());
      watches.clear();
      Future<DatagramSocket> open = socket;
      socket = null;
      return open == null ? Future.succeededFuture() : open.compose(DatagramSocket::close, e -> Future.succeededFuture());
    });
  }

  // ---- the socket

  /** The socket, opened and joined to the group at first use. */
  private Future<DatagramSocket> socket() {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("mdns: the registry is closed"));
    }
    if (!MdnsInterface.up(networkInterface)) {
      // a lookup now would hear nothing: a failure, never an empty answer
      return Future.failedFuture(new IllegalStateException("mdns: " + interfaceName + " is down"));
    }
    if (socket == null) {
      DatagramSocket opened = vertx.createDatagramSocket(new DatagramSocketOptions().setReuseAddress(true)
        .setMulticastNetworkInterface(interfaceName).setMulticastTimeToLive(255));
      opened.handler(this::received);
      opened.exceptionHandler(this::broken);
      String group = MdnsRegistryOptions.GROUP;
      // bound to the wildcard address: responders answering a query by unicast (go-micro's do) reach it too
      socket = opened.listen(options.getPort(), "0.0.0.0")
        .compose(s -> s.listenMulticastGroup(group, interfaceName, null)).map(opened)
        .recover(e -> {
          opened.close();
          socket = null;
          return Future.failedFuture(new IllegalStateException(
            "mdns: cannot join " + group + ":" + options.getPort() + " on " + interfaceName + ": " + e.getMessage(), e));
        })
        .onSuccess(s -> {
          if (tick < 0) {
            tick = vertx.setPeriodic(TICK_MILLIS, id -> tick());
          }
        });
    }
    return socket;
  }

  private Future<Void> send(DnsMessage message) {
    return socket().compose(s -> s.send(message.encode(), options.getPort(), MdnsRegistryOptions.GROUP));
  }

  private void received(DatagramPacket packet) {
    if (!MdnsInterface.onLink(networkInterface, packet.sender().host())) { // not this LAN's
      return;
    }
    DnsMessage message;
    try {
      message = DnsMessage.decode(packet.data());
    } catch (IllegalArgumentException e) {
      LOG.debug("mdns: an unreadable packet from {}: {}", packet.sender(), e.getMessage());
      return;
    }
    if (!message.response()) {
      answer(message.questions());
      return;
    }
    long now = System.currentTimeMillis();
    heard.add(message.records(), now);
    lookups.forEach(answers -> answers.add(message.records(), now));
    updateWatches();
  }

  /** Answers the questions this registry's nodes answer, one response per node (as a responder must, multicast). */
  private void answer(List<Question> questions) {
    Map<String, List<Record>> responses = new LinkedHashMap<>();
    for (Question question : questions) {
      String asked = question.name();
      if (asked.equalsIgnoreCase(layout.servicesType())) {
        locals.values().forEach(l -> responses.putIfAbsent("_list " + l.single.name(),
          layout.listingRecords(l.single.name(), l.ttl)));
        continue;
      }
      locals.forEach((instance, l) -> {
        if (asked.equalsIgnoreCase(layout.serviceType(l.single.name())) || asked.equalsIgnoreCase(instance)) {
          responses.putIfAbsent(instance, layout.nodeRecords(l.single, l.ttl));
        }
      });
    }
    responses.values().forEach(records -> send(DnsMessage.response(records)));
  }

  /** Every quarter second: own registrations lapse or are announced again; heard records expire. */
  private void tick() {
    if (socket == null) {
      return;
    }
    if (!MdnsInterface.up(networkInterface)) {
      broken(new IllegalStateException("mdns: " + interfaceName + " went down"));
      return;
    }
    long now = System.currentTimeMillis();
    List<String> lapsed = locals.entrySet().stream()
      .filter(e -> e.getValue().expires != 0 && e.getValue().expires <= now).map(Map.Entry::getKey).toList();
    for (String instance : lapsed) {
      goodbye(locals.remove(instance));
    }
    locals.replaceAll((instance, l) -> {
      if (l.reannounce > now) {
        return l;
      }
      send(DnsMessage.response(layout.nodeRecords(l.single, l.ttl)));
      send(DnsMessage.response(layout.listingRecords(l.single.name(), l.ttl)));
      return new Local(l.single, l.ttl, l.expires, now + l.ttl * 500L);
    });
    if (heard.prune(now)) {
      updateWatches();
    }
  }

  /** The socket failed: running watches end with the failure, and the next call opens a new socket. */
  private void broken(Throwable failure) {
    LOG.warn("mdns: the socket on {} failed: {}", interfaceName, failure.toString());
    watches.forEach(watch -> watch.closed.tryFail(failure));
    watches.clear();
    Future<DatagramSocket> open = socket;
    socket = null;
    if (open != null) {
      open.onSuccess(DatagramSocket::close);
    }
  }

  /** Runs on the registry's context; the result comes back on the caller's. */
  private <T> Future<T> onOwn(Supplier<Future<T>> work) {
    PromiseInternal<T> promise = vertx.getOrCreateContext().promise();
    own.runOnContext(v -> {
      try {
        work.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
