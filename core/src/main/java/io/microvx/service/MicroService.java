package io.microvx.service;

import io.microvx.broker.Broker;
import io.microvx.broker.SubscribeOptions;
import io.microvx.client.CallWrapper;
import io.microvx.client.Client;
import io.microvx.config.MicroConfig;
import io.microvx.config.MicroOptions;
import io.microvx.debug.Debug;
import io.microvx.metrics.Metrics;
import io.microvx.plugin.Plugins;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.selector.Selector;
import io.microvx.server.HandlerWrapper;
import io.microvx.server.Server;
import io.microvx.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service: registry, selector, transport, client and server wired from one set of options, go-micro's
 * {@code micro.Service}.
 *
 * <pre>{@code
 * MicroService greeter = MicroService.builder(vertx)
 *   .name("greeter")
 *   .handler(new Say())
 *   .build();
 * greeter.start();
 * }</pre>
 *
 * What the builder sets in code is the default; the {@link #builder} {@code config} (a {@code -conf}
 * JSON, {@code MICRO_*} variables, flags — see {@link MicroConfig}) overrides it, as go-micro's flags
 * override its options. Plugins are chosen by name ({@code registry}, {@code transport},
 * {@code selector}) unless instances are given.
 */
public final class MicroService {

  /** A lifecycle hook, run in order; a failed hook fails the start or stop. */
  @FunctionalInterface
  public interface Hook {
    Future<?> run(MicroService service);
  }

  private final Vertx vertx;
  private final MicroOptions options;
  private final Registry backend;
  private final CachingRegistry registry;
  private final Selector selector;
  private final Transport transport;
  private final Broker broker;
  private final Client client;
  private final Server server;
  /** Null when {@code metrics} is off. */
  private final Metrics metrics;
  /** The wrapper plugins' and the builder's wrappers, closed when the service stops. */
  private final ServiceWrappers wrappers;
  /** The listener of {@code metrics_address}, while the service runs. */
  private volatile HttpServer metricsServer;
  private final boolean ownsRegistry;
  private final boolean ownsTransport;
  private final boolean ownsBroker;
  private final Map<String, List<Hook>> hooks;

  private MicroService(Builder builder, MicroOptions options) {
    this.vertx = builder.vertx;
    this.options = options;
    JsonObject config = options.toJson();
    this.backend = builder.registry != null ? builder.registry : Plugins.registry(vertx, options.getRegistry(), config);
    this.ownsRegistry = builder.registry == null;
    this.registry = Registry.cached(vertx, backend, options.getCache());
    this.transport = builder.transport != null ? builder.transport : Plugins.transport(vertx, options.getTransport(), config);
    this.ownsTransport = builder.transport == null;
    this.selector = Plugins.selector(vertx, options.getSelector(), registry, config);
    Broker plugin = builder.broker != null ? builder.broker : Plugins.broker(vertx, options.getBroker(), registry, config);
    this.ownsBroker = builder.broker == null;
    this.metrics = options.getMetrics().isEnabled() ? Metrics.prometheus(options.getMetrics()) : null;
    List<ServiceWrappers> given = new ArrayList<>();
    given.add(Plugins.wrappers(vertx, config));
    given.addAll(builder.serviceWrappers);
    this.wrappers = ServiceWrappers.all(given);
    this.broker = wrappers.broker(metrics == null ? plugin : metrics.broker(plugin));
    Client.Builder clients = Client.builder(vertx)
      .selector(selector)
      .transport(transport)
      .broker(broker)
      .options(options.getClient());
    // outermost, so the metrics see what the caller sees, the user's wrappers included
    if (metrics != null) {
      clients.wrap(metrics.calls()).wrapAttempt(metrics.attempts());
    }
    clients.wrap(wrappers.call()).wrapAttempt(wrappers.attempt());
    builder.callWrappers.forEach(clients::wrap);
    this.client = clients.build();
    Server.Builder servers = Server.builder(vertx)
      .options(options.getServer())
      .registry(registry)
      .transport(transport)
      .broker(broker)
      .nodeMetadata("broker", broker.name());
    if (metrics != null) {
      servers.wrap(metrics.server(options.getServer().getName()));
      metrics.watch(registry, selector, client);
    }
    servers.wrap(wrappers.server(options.getServer().getName()));
    builder.handlerWrappers.forEach(servers::wrap);
    this.server = servers.build();
    builder.handlers.forEach(server::handle);
    builder.endpoints.forEach(server::endpoint);
    builder.subscribers.forEach(s -> {
      if (s.options() == null) {
        server.subscribe(s.topic(), s.handler());
      } else {
        server.subscribe(s.topic(), s.handler(), s.options());
      }
    });
    server.handleInternal("Debug", new Debug(server, broker, client, registry, metrics));
    this.hooks = builder.hooks;
  }

  public static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  /**
   * Runs the before-start hooks, serves the metrics when {@code metrics_address} is set, starts the server
   * (listen and register), then runs the after-start hooks.
   */
  public Future<Void> start() {
    return run("beforeStart")
      .compose(v -> serveMetrics())
      .compose(v -> broker.connect())
      .compose(v -> server.start())
      .onFailure(e -> stopServingMetrics())
      .compose(v -> run("afterStart"));
  }

  private Future<Void> serveMetrics() {
    if (metrics == null || options.getMetrics().getAddress() == null) {
      return Future.succeededFuture();
    }
    return metrics.serve(vertx, options.getMetrics()).onSuccess(s -> metricsServer = s).mapEmpty();
  }

  /**
   * Runs the before-stop hooks, stops the server gracefully, closes what the service made itself, then
   * runs the after-stop hooks.
   */
  public Future<Void> stop() {
    // the server stops even when a hook failed: a half-stopped service would keep taking calls
    return run("beforeStop")
      .eventually(server::stop)
      .eventually(() -> Future.all(
        selector.close(),
        ownsBroker ? broker.disconnect() : Future.succeededFuture(),
        ownsTransport ? transport.close() : Future.succeededFuture(),
        registry.close(),
        ownsRegistry ? backend.close() : Future.succeededFuture(),
        closeMetrics()))
      .eventually(wrappers::close)
      .compose(v -> run("afterStop"));
  }

  private Future<Void> stopServingMetrics() {
    HttpServer listening = metricsServer;
    metricsServer = null;
    return listening == null ? Future.succeededFuture() : listening.close();
  }

  private Future<Void> closeMetrics() {
    return stopServingMetrics().andThen(ar -> {
      if (metrics != null) {
        metrics.close();
      }
    });
  }

  private Future<Void> run(String phase) {
    Future<Void> chain = Future.succeededFuture();
    for (Hook hook : hooks.getOrDefault(phase, List.of())) {
      chain = chain.compose(v -> hook.run(this).mapEmpty());
    }
    return chain;
  }

  public String name() {
    return options.getServer().getName();
  }

  public Vertx vertx() {
    return vertx;
  }

  public MicroOptions options() {
    return new MicroOptions(options);
  }

  public Client client() {
    return client;
  }

  public Server server() {
    return server;
  }

  /** The registry, behind its cache. */
  public CachingRegistry registry() {
    return registry;
  }

  /** The service's metrics; null when {@code metrics} is off. */
  public Metrics metrics() {
    return metrics;
  }

  /** The port {@code /metrics} is served on, once started with a {@code metrics_address}; 0 otherwise. */
  public int metricsPort() {
    HttpServer listening = metricsServer;
    return listening == null ? 0 : listening.actualPort();
  }

  public Selector selector() {
    return selector;
  }

  public Transport transport() {
    return transport;
  }

  public Broker broker() {
    return broker;
  }

  private record SubscriberSpec(String topic, Object handler, SubscribeOptions options) {
  }

  /** Collects a service's parts and options. */
  public static final class Builder {
    private final Vertx vertx;
    private final JsonObject code = new JsonObject();
    private JsonObject config = new JsonObject();
    private Registry registry;
    private Transport transport;
    private Broker broker;
    private final Map<String, Object> handlers = new LinkedHashMap<>();
    private final List<SubscriberSpec> subscribers = new ArrayList<>();
    private final Map<String, io.microvx.server.EndpointOptions> endpoints = new java.util.LinkedHashMap<>();
    private final List<HandlerWrapper> handlerWrappers = new ArrayList<>();
    private final List<CallWrapper> callWrappers = new ArrayList<>();
    private final List<ServiceWrappers> serviceWrappers = new ArrayList<>();
    private final Map<String, List<Hook>> hooks = new HashMap<>();

    private Builder(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    public Builder name(String name) {
      code.put("server_name", name);
      return this;
    }

    public Builder version(String version) {
      code.put("server_version", version);
      return this;
    }

    public Builder metadata(Map<String, String> metadata) {
      code.put("server_metadata", new JsonObject(new HashMap<>(metadata)));
      return this;
    }

    /** One option in code, by its flag name (e.g. {@code set("registry", "memory")}); config overrides it. */
    public Builder set(String key, Object value) {
      code.put(key, value);
      return this;
    }

    /** Where to listen, {@code host:port}. */
    public Builder address(String address) {
      code.put("server_address", address);
      return this;
    }

    /**
     * Options in code. They sit under what the other setters of this builder set (so
     * {@code .name("greeter")} wins over the options' {@code server_name}) and under {@link #config}.
     */
    public Builder options(MicroOptions options) {
      JsonObject merged = options.toJson().mergeIn(code);
      code.clear().mergeIn(merged);
      return this;
    }

    /** Flat options that override what is set in code: typically {@link MicroConfig#load}'s result. */
    public Builder config(JsonObject config) {
      this.config = config == null ? new JsonObject() : config.copy();
      return this;
    }

    /** A registry instance to use (not closed by the service) instead of the one named in the options. */
    public Builder registry(Registry registry) {
      this.registry = registry;
      return this;
    }

    /** A transport instance to use (not closed by the service) instead of the one named in the options. */
    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    /** A broker instance to use (not disconnected by the service) instead of the one named in the options. */
    public Builder broker(Broker broker) {
      this.broker = broker;
      return this;
    }

    /**
     * Subscribes the object's methods to a topic (see {@link Server#subscribe(String, Object)}), with the
     * service's defaults ({@code drop_expired}).
     */
    public Builder subscriber(String topic, Object handler) {
      subscribers.add(new SubscriberSpec(topic, handler, null));
      return this;
    }

    public Builder subscriber(String topic, Object handler, SubscribeOptions options) {
      subscribers.add(new SubscriberSpec(topic, handler, Objects.requireNonNull(options, "options")));
      return this;
    }

    public Builder handler(Object handler) {
      String name = handler.getClass().getSimpleName();
      if (name.isEmpty() || handler.getClass().isSynthetic()) {
        throw new IllegalArgumentException("an anonymous or lambda handler needs a name: use handler(name, handler)");
      }
      return handler(name, handler);
    }

    public Builder handler(String name, Object handler) {
      if (handlers.putIfAbsent(name, handler) != null) {
        throw new IllegalArgumentException("a handler named " + name + " was already added");
      }
      return this;
    }

    /**
     * How the API gateway routes to an endpoint of a handler ({@code "Notes.Create"}): path, method, host,
     * gateway handler, auth — go-micro's {@code api.WithEndpoint}. Same as {@code @ApiEndpoint} on the method.
     */
    public Builder endpoint(String endpoint, io.microvx.server.EndpointOptions options) {
      options.validate(endpoint);
      endpoints.put(endpoint, new io.microvx.server.EndpointOptions(options));
      return this;
    }

    public Builder wrapHandler(HandlerWrapper wrapper) {
      handlerWrappers.add(wrapper);
      return this;
    }

    /**
     * Adds wrappers around everything the service does (its calls, their attempts, its handlers, its
     * broker), inside those of the wrapper plugins on the class path; closed when the service stops.
     */
    public Builder wrap(ServiceWrappers wrappers) {
      serviceWrappers.add(Objects.requireNonNull(wrappers, "wrappers"));
      return this;
    }

    public Builder wrapCall(CallWrapper wrapper) {
      callWrappers.add(wrapper);
      return this;
    }

    public Builder beforeStart(Hook hook) {
      return hook("beforeStart", hook);
    }

    public Builder afterStart(Hook hook) {
      return hook("afterStart", hook);
    }

    public Builder beforeStop(Hook hook) {
      return hook("beforeStop", hook);
    }

    public Builder afterStop(Hook hook) {
      return hook("afterStop", hook);
    }

    private Builder hook(String phase, Hook hook) {
      hooks.computeIfAbsent(phase, p -> new ArrayList<>()).add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /** Builds the service; bad options or an unknown plugin name fail here, with a message saying which. */
    public MicroService build() {
      MicroOptions options = new MicroOptions(code.copy().mergeIn(config));
      return new MicroService(this, options);
    }
  }
}
