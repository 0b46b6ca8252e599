package io.microvx.server;

import io.microvx.broker.Broker;
import io.microvx.broker.SubscribeOptions;
import io.microvx.broker.Subscriber;
import io.microvx.codec.Codecs;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.transport.ServerExchange;
import io.microvx.transport.Transport;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.microvx.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The default server: handler registry and lifecycle (listen, register and renew, graceful stop). Calls
 * are served by {@link UnaryDispatch} and {@link StreamDispatch}.
 */
final class RpcServer implements Server, TransportHandler {

  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

  final Vertx vertx;
  final Codecs codecs;
  private final ServerOptions options;
  private final Registry registry;
  private final Transport transport;
  private final Map<String, EndpointMethod> endpoints = new LinkedHashMap<>();
  private final Map<String, Boolean> listed = new HashMap<>();
  private final Map<String, EndpointOptions> endpointOptions = new HashMap<>();
  private final List<HandlerWrapper> wrappers = new ArrayList<>();
  private final Map<String, String> extraNodeMetadata = new HashMap<>();
  private final Broker broker;
  private final List<SubscriberHandler> subscribers = new ArrayList<>();
  private final List<Subscriber> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();

  final LongAdder requests = new LongAdder();
  final LongAdder errors = new LongAdder();
  final AtomicInteger inflight = new AtomicInteger();
  private Promise<Void> drained;

  private volatile Map<String, EndpointMethod> routes = Map.of();
  private volatile boolean started;
  private volatile boolean stopping;
  private volatile TransportServer listener;
  private volatile Service service;
  private volatile long startedAt;
  private volatile Registration registration;
  private UnaryDispatch unary;
  private StreamDispatch streams;

  RpcServer(Vertx vertx, ServerOptions options, Registry registry, Transport transport, Codecs codecs, Broker broker) {
    this.vertx = vertx;
    this.options = new ServerOptions(options);
    this.registry = registry;
    this.transport = transport;
    this.codecs = codecs;
    this.broker = broker;
  }

  @Override
  public Server handle(Object handler) {
    String name = handler.getClass().getSimpleName();
    if (name.isEmpty() || handler.getClass().isSynthetic()) {
      throw new IllegalArgumentException("an anonymous or lambda handler needs a name: use handle(name, handler)");
    }
    return handle(name, handler);
  }

  @Override
  public Server handle(String name, Object handler) {
    return add(name, handler, true);
  }

  @Override
  public Server handleInternal(String name, Object handler) {
    return add(name, handler, false);
  }

  private synchronized Server add(String name, Object handler, boolean listedInRegistry) {
    if (started) {
      throw new IllegalStateException("handlers must be added before the server starts");
    }
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException("invalid handler name \"" + name + "\": a name without dots, e.g. Greeter");
    }
    int added = 0;
    for (Method method : handler.getClass().getMethods()) {
      EndpointMethod endpoint = EndpointMethod.of(name, handler, method);
      if (endpoint == null) {
        continue;
      }
      EndpointMethod clash = endpoints.putIfAbsent(endpoint.name, endpoint);
      if (clash != null) {
        throw new IllegalArgumentException("endpoint " + endpoint.name + " is served twice: by " + clash.method
          + " and " + method + " (overloads cannot share an endpoint)");
      }
      listed.put(endpoint.name, listedInRegistry);
      added++;
    }
    if (added == 0) {
      throw new IllegalArgumentException(handler.getClass().getName()
        + " has no handler method: a public method taking one request (and optionally a CallContext)");
    }
    return this;
  }

  /** With the server's own {@code drop_expired} default. */
  @Override
  public Server subscribe(String topic, Object handler) {
    return subscribe(topic, handler, new SubscribeOptions().setDropExpired(options.isDropExpired()));
  }

  @Override
  public synchronized Server subscribe(String topic, Object handler, SubscribeOptions subscribeOptions) {
    if (started) {
      throw new IllegalStateException("subscribers must be added before the server starts");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("a subscriber needs a topic");
    }
    String name = handler.getClass().getSimpleName();
    if (name.isEmpty() || handler.getClass().isSynthetic()) {
      throw new IllegalArgumentException("an anonymous or lambda subscriber cannot be named: use a class");
    }
    subscribers.add(SubscriberHandler.of(vertx, options.getName(), topic, name, handler, subscribeOptions, codecs, errors));
    return this;
  }

  @Override
  public synchronized Server wrap(HandlerWrapper wrapper) {
    wrappers.add(wrapper);
    return this;
  }

  @Override
  public synchronized Server nodeMetadata(String key, String value) {
    extraNodeMetadata.put(key, value);
    return this;
  }

  @Override
  public synchronized Server endpoint(String endpoint, EndpointOptions options) {
    if (started) {
      throw new IllegalStateException("endpoint options must be given before the server starts");
    }
    options.validate(endpoint);
    endpointOptions.put(endpoint, new EndpointOptions(options));
    return this;
  }

  @Override
  public Future<Void> start() {
    synchronized (this) {
      if (started) {
        return Future.failedFuture(new IllegalStateException("server " + options.getName() + " already started"));
      }
      for (String endpoint : endpointOptions.keySet()) {
        if (!Boolean.TRUE.equals(listed.get(endpoint))) {
          return Future.failedFuture(new IllegalStateException("endpoint options for " + endpoint
            + ", which no handler serves (endpoints: " + new java.util.TreeSet<>(endpoints.keySet()) + ")"));
        }
      }
      started = true;
      routes = Map.copyOf(endpoints);
      unary = new UnaryDispatch(this, chain());
      streams = new StreamDispatch(this);
    }
    startedAt = System.currentTimeMillis() / 1000;
    return transport.listen(options.getAddress(), options.getAdvertise(), this)
      .compose(server -> {
        listener = server;
        // the address the transport reports is what clients hand back to it: opaque outside http
        service = describe(server.address());
        registration = new Registration(vertx, registry, service, options);
        return subscribeAll().compose(v -> registration.start()).onFailure(err -> {
          unsubscribeAll();
          listener.close();
        });
      })
      .onSuccess(v -> {
        log.info("{} {} listening on {} (node {})", service.name(), service.version(), listener.address(),
          service.nodes().get(0).id());
      });
  }

  private Future<Void> subscribeAll() {
    if (subscribers.isEmpty()) {
      return Future.succeededFuture();
    }
    if (broker == null) {
      return Future.failedFuture(new IllegalStateException(options.getName() + " has subscribers but no broker"));
    }
    List<Future<Subscriber>> subscribed = new ArrayList<>();
    for (SubscriberHandler subscriber : subscribers) {
      subscribed.add(broker.subscribe(subscriber.topic, subscriber, subscriber.options).onSuccess(subscriptions::add));
    }
    return Future.all(subscribed).mapEmpty();
  }

  private Future<Void> unsubscribeAll() {
    List<Future<Void>> stopped = new ArrayList<>();
    for (Subscriber subscription : subscriptions) {
      stopped.add(subscription.unsubscribe());
    }
    subscriptions.clear();
    return Future.all(stopped).<Void>mapEmpty().recover(err -> {
      log.warn("{}: unsubscribing failed: {}", options.getName(), err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** The subscribers of a topic, for publications arriving over the transport. */
  List<SubscriberHandler> subscribersOf(String topic) {
    List<SubscriberHandler> found = new ArrayList<>();
    for (SubscriberHandler subscriber : subscribers) {
      if (subscriber.topic.equals(topic)) {
        found.add(subscriber);
      }
    }
    return found;
  }

  private HandlerFunction chain() {
    HandlerFunction function = UnaryDispatch.invoker(vertx);
    for (int i = wrappers.size() - 1; i >= 0; i--) {
      function = wrappers.get(i).wrap(function);
    }
    return function;
  }

  private Service describe(String advertised) {
    Map<String, String> metadata = new HashMap<>(options.getMetadata());
    metadata.putAll(extraNodeMetadata);
    metadata.put("transport", transport.name());
    metadata.put("server", "mucp");
    metadata.put("registry", registry.name());
    // without it go-micro clients wrap JSON in json-rpc envelopes
    metadata.put("protocol", "mucp");
    metadata.putIfAbsent("broker", "http");
    Node node = new Node(options.getName() + "-" + options.effectiveId(), advertised, metadata);
    List<Endpoint> described = new ArrayList<>();
    for (EndpointMethod endpoint : routes.values()) {
      if (Boolean.TRUE.equals(listed.get(endpoint.name))) {
        Map<String, String> endpointMetadata = new java.util.LinkedHashMap<>();
        EndpointOptions api = endpointOptions.getOrDefault(endpoint.name, endpoint.api);
        if (api != null) {
          endpointMetadata.putAll(api.toMetadata(endpoint.name));
        }
        if (endpoint.isStream()) {
          endpointMetadata.put("stream", "true");
        }
        described.add(new Endpoint(endpoint.name, ValueTrees.describe(endpoint.requestType),
          ValueTrees.describe(endpoint.responseType), endpointMetadata));
      }
    }
    subscribers.forEach(subscriber -> described.addAll(subscriber.endpoints()));
    return new Service(options.getName(), options.effectiveVersion(), Map.of(), described, List.of(node));
  }

  @Override
  public Future<Void> stop() {
    synchronized (this) {
      if (!started || stopping) {
        return drained == null ? Future.succeededFuture() : drained.future();
      }
      stopping = true;
      drained = Promise.promise();
    }
    Future<Void> unwatched = registration == null ? Future.succeededFuture() : registration.stop();
    long deadline = System.nanoTime() + options.getShutdownTimeout().toNanos();
    Future<Void> deregistered = service == null ? Future.succeededFuture()
      : unwatched.compose(v -> unsubscribeAll()).compose(v -> registry.deregister(service)).recover(err -> {
        log.warn("{}: deregistering failed, the registry will drop the node when its TTL lapses: {}",
          options.getName(), err.getMessage());
        return Future.succeededFuture();
      });
    deregistered
      .compose(v -> Future.all(
        listener == null ? Future.succeededFuture()
          : listener.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))),
        streams.closeAll(deadline)))
      .onComplete(ar -> {
        if (inflight.get() > 0) {
          log.warn("{}: stopped with {} call(s) still in flight after {}", options.getName(), inflight.get(),
            options.getShutdownTimeout());
        }
        log.info("{} stopped", options.getName());
        drained.complete();
      });
    return drained.future();
  }

  boolean isStopping() {
    return stopping;
  }

  @Override
  public void request(ServerExchange exchange) {
    unary.handle(exchange);
  }

  @Override
  public void stream(TransportStream stream) {
    streams.handle(stream);
  }

  EndpointMethod route(String endpoint) {
    return routes.get(endpoint);
  }

  @Override
  public ServerOptions options() {
    return new ServerOptions(options);
  }

  @Override
  public Service service() {
    return service;
  }

  @Override
  public String address() {
    Service registered = service;
    return registered == null ? null : registered.nodes().get(0).address();
  }

  @Override
  public ServerStats stats() {
    Registration r = registration;
    return new ServerStats(startedAt, requests.sum(), errors.sum(), inflight.get(), r == null ? 0 : r.reregistrations());
  }

  String name() {
    return options.getName();
  }

}
