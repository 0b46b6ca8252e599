package io.microvx.interop;

import io.microvx.client.Client;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Java services and clients of a test, configured as an application would be (flat options:
 * {@code registry}, {@code registry_address}, {@code broker}, {@code broker_address}). Closing stops them.
 */
final class JavaSide implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  private final JsonObject config;
  private final List<MicroService> started = new ArrayList<>();

  /** Services configured by these options. */
  JavaSide(JsonObject config) {
    this.config = config.copy();
  }

  /** Services alone: a registry of their own (memory), reached by node address. */
  static JavaSide standalone() {
    return new JavaSide(new JsonObject().put("registry", "memory").put("broker", "memory"));
  }

  /** Services sharing etcd with the Go peers, the http broker (go-micro's default) unless told. */
  static JavaSide etcd(String etcd) {
    return new JavaSide(new JsonObject().put("registry", "etcd").put("registry_address", etcd).put("broker", "http"));
  }

  JavaSide with(String key, String value) {
    config.put(key, value);
    return this;
  }

  /** The Java greeter under {@code name}: Say.* and Proto.Hello. */
  MicroService greeter(String name, JavaGreeter.Say say) {
    return service(name, builder -> builder.handler(say).handler(new JavaGreeter.Proto()));
  }

  MicroService service(String name, Consumer<MicroService.Builder> setup) {
    MicroService.Builder builder = MicroService.builder(vertx).config(config).name(name).version("java").address("127.0.0.1:0");
    setup.accept(builder);
    MicroService service = builder.build();
    Await.result(service.start());
    started.add(service);
    return service;
  }

  /** A client of its own over a memory registry: calls go to the node address given with each call. */
  Client directClient() {
    return TestServices.client(vertx, Registry.memory(vertx));
  }

  @Override
  public void close() {
    for (MicroService service : started) {
      Await.result(service.stop());
    }
    Await.result(vertx.close());
  }
}
