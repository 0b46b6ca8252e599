package io.microvx.bench.rpc;

import io.microvx.client.Client;
import io.microvx.metrics.Metrics;
import io.microvx.metrics.MetricsOptions;
import io.microvx.plugin.Plugins;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.microvx.service.MicroService;
import io.microvx.transport.HttpTransportOptions;
import io.microvx.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Ours: a {@link MicroService} serving {@link Echo} over a transport (http unless said otherwise), and a
 * {@link Client} that finds it through an in-memory registry, its cache and the default selector, as an
 * application would.
 * Server and client each have their own Vert.x; the server runs in one verticle instance (one event
 * loop), the callers on one client context, like {@link VertxRawRpc}. Both sides keep their metrics, as a
 * service does by default, unless made {@link #unmetered()}: the two side by side price the metrics.
 */
public final class MicroRpc implements RpcSystem {

  static final String SERVICE = "bench.echo";

  private final Vertx serverVertx;
  private final Vertx clientVertx;
  private final Registry serverRegistry;
  private final Registry clientRegistry;
  private final MicroService service;
  private final CachingRegistry cache;
  private final Selector selector;
  private final Client client;
  private final Context callers;
  private final String name;
  private final java.util.List<Transport> transports = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ServiceWrappers wrappers;

  private MicroRpc(String name, Function<Vertx, Transport> transports, Vertx serverVertx, Vertx clientVertx,
                   String store, boolean metered, JsonObject tracing) throws Exception {
    this.name = name;
    this.serverVertx = serverVertx;
    this.clientVertx = clientVertx;
    this.serverRegistry = Registry.sharedMemory(serverVertx, store);
    // build() scans the class path for plugins: here, on the calling thread, never on an event loop
    MicroService.Builder builder = MicroService.builder(serverVertx)
      .name(SERVICE)
      .address("127.0.0.1:0")
      .registry(serverRegistry)
      .set("metrics", metered)
      .transport(made(transports.apply(serverVertx)))
      .handler(new Echo());
    tracing.forEach(option -> builder.set(option.getKey(), option.getValue()));
    this.service = builder.build();
    RpcSystem.await(serverVertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return service.start();
      }
    }));
    this.clientRegistry = Registry.sharedMemory(clientVertx, store);
    this.cache = Registry.cached(clientVertx, clientRegistry, new CacheOptions());
    this.selector = Selector.create(cache, new SelectorOptions());
    Client.Builder clients = Client.builder(clientVertx)
      .selector(selector)
      .transport(made(transports.apply(clientVertx)));
    if (metered) {
      Metrics metrics = Metrics.prometheus(new MetricsOptions().setJvm(false));
      clients.wrap(metrics.calls()).wrapAttempt(metrics.attempts());
    }
    // the wrapper plugins on the class path (the trace plugin), inert unless the options turn them on
    this.wrappers = Plugins.wrappers(clientVertx, tracing);
    clients.wrap(wrappers.call()).wrapAttempt(wrappers.attempt());
    this.client = clients.build();
    this.callers = clientVertx.getOrCreateContext();
  }

  private Transport made(Transport transport) {
    this.transports.add(transport);
    return transport;
  }

  public static MicroRpc start() throws Exception {
    return start("micro", vertx -> Transport.http(vertx, new HttpTransportOptions()));
  }

  /** Ours over http with metrics off on both sides, reported as {@code micro-unmetered}. */
  public static MicroRpc unmetered() throws Exception {
    return start("micro-unmetered", vertx -> Transport.http(vertx, new HttpTransportOptions()), false);
  }

  /** Ours over the transport {@code transports} makes for a Vert.x, reported as {@code name}. */
  public static MicroRpc start(String name, Function<Vertx, Transport> transports) throws Exception {
    return start(name, transports, true);
  }

  /**
   * Ours over http with metrics on and tracing on both sides, root calls sampled at {@code ratio}, spans
   * exported over OTLP/HTTP to a receiver in this JVM that takes and drops them (reported as {@code name}).
   */
  public static MicroRpc traced(String name, double ratio) throws Exception {
    return start(name, vertx -> Transport.http(vertx, new HttpTransportOptions()), true, ratio);
  }

  private static MicroRpc start(String name, Function<Vertx, Transport> transports, boolean metered) throws Exception {
    return start(name, transports, metered, -1);
  }

  private static MicroRpc start(String name, Function<Vertx, Transport> transports, boolean metered, double traceRatio)
    throws Exception {
    Vertx server = Vertx.vertx();
    Vertx client = Vertx.vertx();
    try {
      JsonObject tracing = new JsonObject();
      if (traceRatio >= 0) {
        tracing.put("trace_endpoint", SpanSink.start(client).endpoint()).put("trace_sample_ratio", traceRatio)
          .put("trace_service_name", SERVICE);
      }
      return new MicroRpc(name, transports, server, client, "bench-rpc-" + UUID.randomUUID(), metered, tracing);
    } catch (Exception | Error e) {
      client.close();
      server.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Executor callers() {
    return task -> callers.runOnContext(v -> task.run());
  }

  @Override
  public void call(Done done) {
    client.call(SERVICE, "Echo.Echo", Payload.SAMPLE, Payload.class).onComplete(ar -> done.done(ar.cause()));
  }

  @Override
  public Payload callOnce() throws Exception {
    return RpcSystem.await(client.call(SERVICE, "Echo.Echo", Payload.SAMPLE, Payload.class));
  }

  @Override
  public void close() throws Exception {
    try {
      RpcSystem.await(Future.all(service.stop(), client.close(), selector.close(), cache.close(), wrappers.close())
        .eventually(() -> Future.all(serverRegistry.close(), clientRegistry.close()))
        .eventually(() -> Future.join(transports.stream().map(Transport::close).toList())));
    } finally {
      RpcSystem.await(Future.all(clientVertx.close(), serverVertx.close()));
    }
  }
}
