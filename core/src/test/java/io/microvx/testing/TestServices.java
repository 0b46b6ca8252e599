package io.microvx.testing;

import io.microvx.client.Client;
import io.microvx.client.ClientOptions;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.microvx.service.MicroService;
import io.microvx.transport.HttpTransportOptions;
import io.microvx.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/** Starts services and clients on loopback, ports chosen by the system, against a given registry. */
public final class TestServices {

  private TestServices() {
  }

  /** A started service named {@code name} serving the handler, listening on 127.0.0.1. */
  public static MicroService start(Vertx vertx, Registry registry, String name, Object handler) {
    return start(vertx, registry, name, builder -> builder.handler(handler));
  }

  public static MicroService start(Vertx vertx, Registry registry, String name, Consumer<MicroService.Builder> setup) {
    MicroService.Builder builder = MicroService.builder(vertx)
      .name(name)
      .version("1.0.0")
      .address("127.0.0.1:0")
      .set("broker", "http")
      .registry(registry);
    setup.accept(builder);
    MicroService service = builder.build();
    Await.result(service.start());
    return service;
  }

  /** Flat options for a service under test, merged over the defaults. */
  public static JsonObject config(String... pairs) {
    JsonObject json = new JsonObject();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      json.put(pairs[i], pairs[i + 1]);
    }
    return json;
  }

  /** A client reading the registry through its own cache, with its own transport. */
  public static Client client(Vertx vertx, Registry registry, ClientOptions options, SelectorOptions selection) {
    return clientOver(vertx, Registry.cached(vertx, registry, new CacheOptions()), options, selection);
  }

  /** A client reading the registry through the given cache (which the caller closes), with its own transport. */
  public static Client clientOver(Vertx vertx, CachingRegistry cache, ClientOptions options, SelectorOptions selection) {
    return Client.builder(vertx)
      .selector(Selector.create(cache, selection))
      .transport(Transport.http(vertx, new HttpTransportOptions()))
      .options(options)
      .build();
  }

  public static Client client(Vertx vertx, Registry registry) {
    return client(vertx, registry, new ClientOptions(), new SelectorOptions());
  }
}
