package io.microvx.bench.rpc;

import io.microvx.client.Client;
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

import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Ours: a {@link MicroService} serving {@link Echo} over the http transport, and a {@link Client} that finds
 * it through an in-memory registry, its cache and the default selector, as an application would.
 * Server and client each have their own Vert.x; the server runs in one verticle instance (one event
 * loop), the callers on one client context, like {@link VertxRawRpc}.
 */
final class MicroRpc implements RpcSystem {

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

  private MicroRpc(Vertx serverVertx, Vertx clientVertx, String store) throws Exception {
    this.serverVertx = serverVertx;
    this.clientVertx = clientVertx;
    this.serverRegistry = Registry.sharedMemory(serverVertx, store);
    // build() scans the class path for plugins: here, on the calling thread, never on an event loop
    this.service = MicroService.builder(serverVertx)
      .name(SERVICE)
      .address("127.0.0.1:0")
      .registry(serverRegistry)
      .handler(new Echo())
      .build();
    RpcSystem.await(serverVertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return service.start();
      }
    }));
    this.clientRegistry = Registry.sharedMemory(clientVertx, store);
    this.cache = Registry.cached(clientVertx, clientRegistry, new CacheOptions());
    this.selector = Selector.create(cache, new SelectorOptions());
    this.client = Client.builder(clientVertx)
      .selector(selector)
      .transport(Transport.http(clientVertx, new HttpTransportOptions()))
      .build();
    this.callers = clientVertx.getOrCreateContext();
  }

  static MicroRpc start() throws Exception {
    Vertx server = Vertx.vertx();
    Vertx client = Vertx.vertx();
    try {
      return new MicroRpc(server, client, "bench-rpc-" + UUID.randomUUID());
    } catch (Exception | Error e) {
      client.close();
      server.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "micro";
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
      RpcSystem.await(Future.all(service.stop(), client.close(), selector.close(), cache.close())
        .eventually(() -> Future.all(serverRegistry.close(), clientRegistry.close())));
    } finally {
      RpcSystem.await(Future.all(clientVertx.close(), serverVertx.close()));
    }
  }
}
