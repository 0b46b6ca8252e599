package io.microvx.client;

import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.registry.Registry;
import io.microvx.selector.NodeStatus;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.microvx.transport.TransportException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls between real clients and servers over loopback sockets. */
class ClientServerTest {

  private final Vertx clientVertx = Vertx.vertx();
  private final Vertx serverVertx = Vertx.vertx();
  private final Registry registry = Registry.memory(serverVertx);
  private final List<Vertx> extra = new ArrayList<>();

  @AfterEach
  void close() {
    extra.forEach(v -> Await.result(v.close()));
    Await.result(clientVertx.close());
    Await.result(serverVertx.close());
  }

  /** Say.Hello that counts the calls it served. */
  public static class CountingSay extends Greeting.Say {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Greeting.Response hello(Greeting.Request request) {
      calls.incrementAndGet();
      return super.hello(request);
    }
  }

  private static MicroException callFailure(Future<?> call) {
    Throwable failure = Await.failure(call);
    assertThat(failure).isInstanceOf(MicroException.class);
    return (MicroException) failure;
  }

  @Test
  void callsSpreadOverEveryInstance() {
    List<CountingSay> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CountingSay say = new CountingSay();
      instances.add(say);
      TestServices.start(serverVertx, registry, "greeter", builder -> builder.handler("Say", say));
    }
    Client client = TestServices.client(clientVertx, registry);
    for (int i = 0; i < 300; i++) {
      Greeting.Response response = Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("Ada" + i), Greeting.Response.class));
      assertThat(response.msg()).isEqualTo("Hello Ada" + i);
    }
    assertThat(instances).allSatisfy(say -> assertThat(say.calls.get()).isGreaterThan(50));
    assertThat(instances.stream().mapToInt(s -> s.calls.get()).sum()).isEqualTo(300);
  }

  @Test
  void aDeadInstanceIsRetriedAroundAndEjected() {
    List<Vertx> hosts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Vertx host = Vertx.vertx();
      extra.add(host);
      hosts.add(host);
      TestServices.start(host, registry, "greeter", new Greeting.Say());
    }
    Client client = TestServices.client(clientVertx, registry, new ClientOptions(),
      new SelectorOptions().setEjectionFailures(3));
    Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("warm"), Greeting.Response.class));

    // the process is gone: sockets closed, nothing deregistered
    Vertx dead = hosts.get(0);
    Await.result(dead.close());
    extra.remove(dead);

    for (int i = 0; i < 100; i++) {
      assertThat(Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("Bo"), Greeting.Response.class)).msg())
        .isEqualTo("Hello Bo");
    }
    assertThat(Await.result(registry.getService("greeter")).get(0).nodes()).as("still registered").hasSize(3);
    Selector selector = selectorOf(client);
    assertThat(selector.status("greeter")).filteredOn(NodeStatus::ejected).hasSize(1);
  }

  private static Selector selectorOf(Client client) {
    try {
      java.lang.reflect.Field field = client.getClass().getDeclaredField("selector");
      field.setAccessible(true);
      return (Selector) field.get(client);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A handler slower than its callers are willing to wait, recording what happened to its work. */
  public static class Slow {
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicBoolean finished = new AtomicBoolean();
    final AtomicInteger steps = new AtomicInteger();
    final AtomicBoolean stepsCancelled = new AtomicBoolean();
    private final Vertx vertx;

    Slow(Vertx vertx) {
      this.vertx = vertx;
    }

    public Uni<Greeting.Response> hello(Greeting.Request request) {
      return Uni.createFrom().emitter(emitter -> {
        long timer = vertx.setTimer(60_000, id -> {
          finished.set(true);
          emitter.complete(new Greeting.Response("too late"));
        });
        emitter.onTermination(() -> {
          cancelled.set(true);
          vertx.cancelTimer(timer);
        });
      });
    }

    /** Work in steps, stopping once the call is cancelled. */
    public Future<Greeting.Response> steps(Greeting.Request request, CallContext context) {
      io.vertx.core.Promise<Greeting.Response> done = io.vertx.core.Promise.promise();
      vertx.setPeriodic(20, id -> {
        if (context.isCancelled()) {
          stepsCancelled.set(true);
          vertx.cancelTimer(id);
          done.tryFail("cancelled");
          return;
        }
        // 3 000 steps of 20 ms: a minute, far past the call's deadline on any machine
        if (steps.incrementAndGet() == 3000) {
          finished.set(true);
          vertx.cancelTimer(id);
          done.complete(new Greeting.Response("all steps"));
        }
      });
      return done.future();
    }
  }

  @Test
  void aCallPastItsDeadlineFailsWith408AndTheServerCancelsTheWork() {
    Slow slow = new Slow(serverVertx);
    TestServices.start(serverVertx, registry, "slow", builder -> builder.handler("Slow", slow));
    Client client = TestServices.client(clientVertx, registry);
    CallOptions options = new CallOptions().setTimeout(Duration.ofMillis(400)).setRetries(0);

    long start = System.nanoTime();
    MicroException error = callFailure(client.call("slow", "Slow.Hello", new Greeting.Request("x"), Greeting.Response.class, options));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(error.code()).isEqualTo(408);
    // no upper bound: a busy machine may answer late, but never before the deadline, and never with the reply
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    Await.until("the server to cancel the expired work", slow.cancelled::get);
    assertThat(slow.finished).isFalse();

    MicroException stepped = callFailure(client.call("slow", "Slow.Steps", new Greeting.Request("x"), Greeting.Response.class, options));
    assertThat(stepped.code()).isEqualTo(408);
    Await.until("the steps to see the cancellation", slow.stepsCancelled::get);
    int stepsAtCancel = slow.steps.get();
    assertThat(slow.finished).isFalse();
    assertThat(stepsAtCancel).isLessThan(3000);
  }

  /** Echoes metadata, and calls onward to show what a downstream call inherits. */
  public static class Echo {
    private final MicroService self;

    Echo(MicroService self) {
      this.self = self;
    }

    public JsonObject metadata(JsonObject request, CallContext context) {
      JsonObject md = new JsonObject();
      context.metadata().forEach(md::put);
      Duration remaining = context.remaining();
      return new JsonObject().put("metadata", md).put("remainingMs", remaining == null ? -1 : remaining.toMillis());
    }

    public Future<JsonObject> onward(JsonObject request) {
      return self.client().call(self.name(), "Echo.Metadata", new JsonObject(), JsonObject.class);
    }
  }

  @Test
  void metadataTravelsAndDownstreamCallsInheritItAndTheDeadline() {
    MicroService[] holder = new MicroService[1];
    holder[0] = TestServices.start(serverVertx, registry, "echo", builder -> builder.handler("Echo", new Echo(null)));
    Await.result(holder[0].stop());
    MicroService echo = TestServices.start(serverVertx, registry, "echo", builder -> {
      Object[] self = new Object[1];
      builder.handler("Echo", new Object() {
        public JsonObject metadata(JsonObject request, CallContext context) {
          return new Echo(null).metadata(request, context);
        }

        public Future<JsonObject> onward(JsonObject request) {
          return ((MicroService) self[0]).client().call("echo", "Echo.Metadata", new JsonObject(), JsonObject.class);
        }
      });
      builder.afterStart(service -> {
        self[0] = service;
        return Future.succeededFuture();
      });
    });
    Client client = TestServices.client(clientVertx, registry);
    CallOptions options = new CallOptions().addMetadata("X-User", "ada").addMetadata("Tenant", "blue")
      .setTimeout(Duration.ofSeconds(3));

    JsonObject direct = Await.result(client.call("echo", "Echo.Metadata", new JsonObject(), JsonObject.class, options));
    assertThat(direct.getJsonObject("metadata").getString("X-User")).isEqualTo("ada");
    assertThat(direct.getJsonObject("metadata").getString("Tenant")).isEqualTo("blue");
    assertThat(direct.getJsonObject("metadata").fieldNames()).noneMatch(n -> n.startsWith("Micro-") || n.equals("Timeout"));
    assertThat(direct.getLong("remainingMs")).as("what is left of the caller's 3 s").isBetween(1L, 3000L);

    JsonObject onward = Await.result(client.call("echo", "Echo.Onward", new JsonObject(), JsonObject.class, options));
    assertThat(onward.getJsonObject("metadata").getString("X-User")).isEqualTo("ada");
    assertThat(onward.getLong("remainingMs")).as("the caller's 3 s, not the default 5 s").isBetween(1L, 3000L);
    assertThat(echo.name()).isEqualTo("echo");
  }

  @Test
  void malformedJsonIsA400() {
    TestServices.start(serverVertx, registry, "greeter", new Greeting.Say());
    Client client = TestServices.client(clientVertx, registry);
    MicroException error = callFailure(client.call("greeter", "Say.Hello", Buffer.buffer("{\"name\": "), JsonObject.class));
    assertThat(error.code()).isEqualTo(400);
    assertThat(error.status()).isEqualTo("Bad Request");
    assertThat(error.detail()).contains("Say.Hello").contains("invalid JSON");
  }

  @Test
  void metadataThatCannotBeAHeaderIsA400AndNoFaultOfTheNode() {
    TestServices.start(serverVertx, registry, "greeter", new Greeting.Say());
    Client client = TestServices.client(clientVertx, registry);
    for (int i = 0; i < 5; i++) {
      MicroException error = callFailure(client.call("greeter", "Say.Hello", new Greeting.Request("x"), JsonObject.class,
        new CallOptions().addMetadata("X-Note", "two\r\nlines")));
      assertThat(error.code()).isEqualTo(400);
      assertThat(error.detail()).startsWith("invalid request to ");
    }
    // the node was not ejected for the caller's mistake
    assertThat(Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("Ada"), JsonObject.class))
      .getString("msg")).isEqualTo("Hello Ada");
  }

  @Test
  void unknownServiceAndUnknownEndpointAre404() {
    TestServices.start(serverVertx, registry, "greeter", new Greeting.Say());
    Client client = TestServices.client(clientVertx, registry);
    MicroException noService = callFailure(client.call("nobody", "Say.Hello", new Greeting.Request("x"), JsonObject.class));
    assertThat(noService.code()).isEqualTo(404);
    assertThat(noService.detail()).isEqualTo("service nobody: not found");
    MicroException noEndpoint = callFailure(client.call("greeter", "Say.Goodbye", new Greeting.Request("x"), JsonObject.class));
    assertThat(noEndpoint.code()).isEqualTo(404);
    assertThat(noEndpoint.detail()).contains("unknown endpoint Say.Goodbye");
  }

  @Test
  void anOversizedBodyIsRefusedWith413() {
    TestServices.start(serverVertx, registry, "greeter", builder -> builder
      .handler(new Greeting.Say())
      .config(TestServices.config("transport_max_message_size", "1024")));
    Client client = TestServices.client(clientVertx, registry);
    String big = "x".repeat(4096);
    MicroException error = callFailure(client.call("greeter", "Say.Hello", new Greeting.Request(big), JsonObject.class,
      new CallOptions().setRetries(0)));
    assertThat(error).isInstanceOf(TransportException.class);
    assertThat(error.code()).isEqualTo(413);
    assertThat(error.detail()).contains("exceeds the limit of 1024 bytes");
    // the limit leaves ordinary calls alone
    assertThat(Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class)).msg())
      .isEqualTo("Hello Ada");
  }

  @Test
  void anUnknownContentTypeIsAClearError() {
    TestServices.start(serverVertx, registry, "greeter", new Greeting.Say());
    Client client = TestServices.client(clientVertx, registry);
    MicroException error = callFailure(client.call("greeter", "Say.Hello", new Greeting.Request("x"), JsonObject.class,
      new CallOptions().setContentType("application/x-yaml")));
    assertThat(error.code()).isEqualTo(415);
    assertThat(error.detail()).startsWith("Unsupported Content-Type: application/x-yaml").contains("application/json");
  }

  /** Fails in the ways handlers do. */
  public static class Broken {
    public Greeting.Response npe(Greeting.Request request) {
      String missing = null;
      return new Greeting.Response(missing.trim());
    }

    public Future<Greeting.Response> refuse(Greeting.Request request) {
      return Future.failedFuture(MicroException.conflict("broken", "already greeted %s", request.name()));
    }

    public Uni<Greeting.Response> boom(Greeting.Request request) {
      return Uni.createFrom().failure(new IllegalStateException("boom"));
    }
  }

  @Test
  void handlerFailuresBecomeErrorsWithoutStackTraces() {
    TestServices.start(serverVertx, registry, "broken", new Broken());
    Client client = TestServices.client(clientVertx, registry, new ClientOptions().setRetries(0), new SelectorOptions());

    MicroException npe = callFailure(client.call("broken", "Broken.Npe", new Greeting.Request("x"), JsonObject.class));
    assertThat(npe.code()).isEqualTo(500);
    assertThat(npe.id()).isEqualTo("broken");
    assertThat(npe.toJson()).doesNotContain("\tat ").doesNotContain("io.microvx.").doesNotContain("Exception:");

    MicroException refused = callFailure(client.call("broken", "Broken.Refuse", new Greeting.Request("Ada"), JsonObject.class));
    assertThat(refused.code()).isEqualTo(409);
    assertThat(refused.detail()).isEqualTo("already greeted Ada");
    assertThat(refused.status()).isEqualTo("Conflict");

    MicroException boom = callFailure(client.call("broken", "Broken.Boom", new Greeting.Request("x"), JsonObject.class));
    assertThat(boom.code()).isEqualTo(500);
    assertThat(boom.detail()).as("an exception's text stays in the service's log").startsWith("internal error (request id ")
      .doesNotContain("boom");
  }

  @Test
  void callingAnAddressBypassesDiscovery() {
    MicroService greeter = TestServices.start(serverVertx, registry, "greeter", new Greeting.Say());
    Client client = TestServices.client(clientVertx, Registry.memory(clientVertx));
    Greeting.Response response = Await.result(client.call("whatever", "Say.Hello", new Greeting.Request("Ada"),
      Greeting.Response.class, new CallOptions().setAddress(greeter.server().address())));
    assertThat(response.msg()).isEqualTo("Hello Ada");
  }
}
