package io.microvx.server;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulStopTest {

  private final Vertx servers = Vertx.vertx();
  private final Vertx callers = Vertx.vertx();
  private final Registry registry = Registry.memory(servers);

  @AfterEach
  void close() {
    Await.result(callers.close());
    Await.result(servers.close());
  }

  /** Say.Hello taking a few milliseconds (and "hold" half a second), so calls are in flight when the stop comes. */
  public static class SlowSay {
    final AtomicInteger served = new AtomicInteger();
    final AtomicBoolean holding = new AtomicBoolean();
    final AtomicBoolean heldDone = new AtomicBoolean();
    private final Vertx vertx;

    SlowSay(Vertx vertx) {
      this.vertx = vertx;
    }

    public Future<Greeting.Response> hello(Greeting.Request request) {
      Promise<Greeting.Response> reply = Promise.promise();
      boolean hold = request.name().equals("hold");
      holding.compareAndSet(false, hold);
      vertx.setTimer(hold ? 500 : 8, id -> {
        served.incrementAndGet();
        if (hold) {
          heldDone.set(true);
        }
        reply.complete(new Greeting.Response("Hello " + request.name()));
      });
      return reply.future();
    }
  }

  @Test
  void stoppingUnderSteadyLoadFailsNoCall() {
    SlowSay first = new SlowSay(servers);
    SlowSay second = new SlowSay(servers);
    MicroService stopping = TestServices.start(servers, registry, "greeter", b -> b.handler("Say", first));
    TestServices.start(servers, registry, "greeter", b -> b.handler("Say", second));
    Client client = TestServices.client(callers, registry);

    AtomicInteger succeeded = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger loopsDone = new AtomicInteger();
    int loops = 16;
    Context context = callers.getOrCreateContext();
    for (int i = 0; i < loops; i++) {
      context.runOnContext(v -> callLoop(client, running, succeeded, failures, loopsDone));
    }

    Await.until("calls to flow to both instances", () -> first.served.get() > 100 && second.served.get() > 100);
    // one call certain to be in flight on the stopping instance: straight to it, and never retried
    Future<Greeting.Response> held = client.call("greeter", "Say.Hello", new Greeting.Request("hold"),
      Greeting.Response.class, new CallOptions().setAddress(stopping.server().address()).setRetries(0));
    Await.until("the held call to reach the instance", first.holding::get);
    int inflightAtStop = stopping.server().stats().inflight();
    Await.result(stopping.stop());
    assertThat(first.heldDone).as("the stop waited for the held call").isTrue();
    assertThat(Await.result(held).msg()).isEqualTo("Hello hold");
    int servedByStopped = first.served.get();
    int succeededAtStop = succeeded.get();
    Await.until("calls to go on after the stop", () -> succeeded.get() > succeededAtStop + 500);
    running.set(false);
    Await.until("the callers to finish", () -> loopsDone.get() == loops);

    assertThat(failures).as("failed calls").isEmpty();
    assertThat(inflightAtStop).as("calls in flight when the stop began").isPositive();
    assertThat(stopping.server().stats().inflight()).as("all of them finished").isZero();
    assertThat(first.served.get()).as("nothing reached the stopped instance afterwards").isEqualTo(servedByStopped);
    assertThat(Await.result(registry.getService("greeter")).get(0).nodes()).hasSize(1);
  }

  private static void callLoop(Client client, AtomicBoolean running, AtomicInteger succeeded, List<Throwable> failures,
                               AtomicInteger loopsDone) {
    if (!running.get()) {
      loopsDone.incrementAndGet();
      return;
    }
    client.call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class).onComplete(ar -> {
      if (ar.succeeded()) {
        succeeded.incrementAndGet();
      } else {
        failures.add(ar.cause());
      }
      callLoop(client, running, succeeded, failures, loopsDone);
    });
  }
}
