package io.microvx.client;

import io.microvx.registry.Registry;
import io.microvx.selector.SelectorOptions;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hedging through the real pieces: two greeter nodes over the http transport, the registry selector
 * (which sends the hedge to the node the call has not tried), and real timers. One node holds every
 * 10th call it gets until the test ends; every call must still be answered, by the other node.
 */
class HedgingOverHttpTest {

  private static final int CALLS = 200;

  private final Vertx clientVertx = Vertx.vertx();
  private final Vertx serverVertx = Vertx.vertx();
  private final Registry registry = Registry.memory(serverVertx);
  private final List<Promise<Greeting.Response>> held = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    held.forEach(p -> p.tryComplete(new Greeting.Response("late")));
    Await.result(clientVertx.close());
    Await.result(serverVertx.close());
  }

  /** {@code Say.Hello} that holds every {@code every}-th call without answering. */
  public class Say {
    private final int every;
    final AtomicInteger calls = new AtomicInteger();

    Say(int every) {
      this.every = every;
    }

    public Future<Greeting.Response> hello(Greeting.Request request) {
      if (calls.incrementAndGet() % every == 0) {
        Promise<Greeting.Response> stall = Promise.promise();
        held.add(stall);
        return stall.future();
      }
      return Future.succeededFuture(new Greeting.Response("Hello " + request.name()));
    }
  }

  @Test
  void everyCallIsAnsweredThoughOneNodeHoldsOneCallInTen() {
    TestServices.start(serverVertx, registry, "greeter", new Say(10));
    TestServices.start(serverVertx, registry, "greeter", new Say(Integer.MAX_VALUE));
    Client client = TestServices.client(clientVertx, registry, new ClientOptions()
        .setRequestTimeout(Duration.ofSeconds(15))
        .setHedge(new HedgeOptions().setEndpoints(List.of("greeter/Say.Hello")).setDelay(Duration.ofMillis(50))),
      new SelectorOptions());

    for (int i = 0; i < CALLS; i++) {
      Greeting.Response reply = Await.result(
        client.call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class));
      assertThat(reply.msg()).isEqualTo("Hello Ada");
    }

    ClientStats stats = client.stats();
    System.out.printf("hedging over http: %d calls, %d held by the stalling node, %s%n", CALLS, held.size(), stats);
    assertThat(held).as("the stalling node took its share").isNotEmpty();
    assertThat(held).allSatisfy(p -> assertThat(p.future().isComplete()).isFalse());
    // a call slower than 50 ms on a loaded machine may be hedged too, and its hedge may be one the node
    // holds; every held first attempt needed a hedge that won
    long heldHedges = stats.hedges() - stats.hedgesWon();
    assertThat(stats.hedgesWon()).isGreaterThanOrEqualTo(held.size() - heldHedges).isPositive();
  }
}
