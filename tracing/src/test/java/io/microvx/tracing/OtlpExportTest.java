package io.microvx.tracing;

import io.microvx.metadata.CallContext;
import io.microvx.plugin.Plugins;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code trace} plugin as a service finds it on the class path: off without an endpoint; with one, its
 * spans reach an OTLP/HTTP receiver (a stand-in that keeps what it is sent, as a collector's receiver
 * takes it: protobuf on {@code POST /v1/traces}, answered 200), the last of them when the service stops.
 */
class OtlpExportTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);
  private final List<Buffer> received = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** Says hello, and keeps the trace context its call carried. */
  public static class Say {
    final List<String> traceparents = new CopyOnWriteArrayList<>();

    public Greeting.Response hello(Greeting.Request request, CallContext context) {
      String traceparent = context.metadata().get("traceparent");
      traceparents.add(traceparent == null ? "none" : traceparent);
      return new Greeting.Response("Hello " + request.name());
    }
  }

  private int receiver() {
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      paths.add(request.method() + " " + request.path() + " " + request.getHeader("Content-Type"));
      // answered once the whole body is in, as a collector answers
      request.body().onSuccess(body -> {
        received.add(body);
        request.response().putHeader("Content-Type", "application/x-protobuf").end();
      });
    }).listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  private static boolean contains(Buffer body, String text) {
    return new String(body.getBytes(), StandardCharsets.ISO_8859_1).contains(text);
  }

  @Test
  void theTracePluginIsFoundAndOffWithoutAnEndpoint() {
    assertThat(Plugins.wrappers(vertx, new JsonObject())).isSameAs(ServiceWrappers.NONE);
    Say say = new Say();
    MicroService greeter = TestServices.start(vertx, registry, "greeter", b -> b.handler("Say", say));
    MicroService caller = TestServices.start(vertx, registry, "caller", b -> { });
    Await.result(caller.client().call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class));
    assertThat(say.traceparents).containsExactly("none");
    Await.result(caller.stop());
    Await.result(greeter.stop());
  }

  @Test
  void spansReachTheOtlpEndpointNamedForTheServiceAndTheLastOnesWhenItStops() {
    String endpoint = "http://127.0.0.1:" + receiver() + "/v1/traces";
    Say say = new Say();
    MicroService greeter = TestServices.start(vertx, registry, "greeter", b -> b
      .handler("Say", say)
      .set("trace_endpoint", endpoint));
    MicroService caller = TestServices.start(vertx, registry, "caller", b -> b.set("trace_endpoint", endpoint));
    Await.result(caller.client().call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class));
    // version 00, trace id, parent id, flags with "sampled" (1) set
    assertThat(say.traceparents).singleElement().asString().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");

    // the batch is sent when the services stop, if not before, and a stop completes once it was answered
    Await.result(caller.stop());
    Await.result(greeter.stop());
    assertThat(received).as("the greeter's span received")
      .anyMatch(body -> contains(body, "greeter/Say.Hello") && contains(body, "greeter"));
    assertThat(received).as("the caller's spans received").anyMatch(body -> contains(body, "caller"));
    assertThat(paths).allSatisfy(p -> assertThat(p).isEqualTo("POST /v1/traces application/x-protobuf"));
  }
}
