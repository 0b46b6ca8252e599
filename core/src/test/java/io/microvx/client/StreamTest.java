package io.microvx.client;

import io.microvx.errors.MicroException;
import io.microvx.mutiny.MutinyClient;
import io.microvx.registry.Registry;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.microvx.testing.Ticks;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-streaming and bidirectional calls over the WebSocket stream transport. */
class StreamTest {

  private static final String PAD = "x".repeat(16 * 1024);

  private final Vertx serverVertx = Vertx.vertx();
  private final Vertx clientVertx = Vertx.vertx();
  private final Registry registry = Registry.memory(serverVertx);
  private final Numbers numbers = new Numbers();
  private Client client;

  public record Count(int count) {
  }

  public record Item(int index, String pad) {
  }

  public record Text(String text) {
  }

  /** Stream handlers recording what their streams went through. */
  public static class Numbers {
    final AtomicInteger produced = new AtomicInteger();
    final AtomicBoolean cancelled = new AtomicBoolean();

    /** Produces only as fast as the caller reads. */
    public Multi<Item> count(Count request) {
      return Multi.createFrom().range(0, request.count())
        .map(i -> {
          produced.incrementAndGet();
          return new Item(i, PAD);
        })
        .onCancellation().invoke(() -> cancelled.set(true));
    }

    /** Never ends by itself. */
    public Multi<Item> ticks(Count request) {
      return Ticks.every(Duration.ofMillis(5))
        .map(i -> new Item(i.intValue(), ""))
        .onCancellation().invoke(() -> cancelled.set(true));
    }

    public Multi<Item> failing(Count request) {
      return Multi.createFrom().range(0, 3).map(i -> new Item(i, ""))
        .onCompletion().switchTo(Multi.createFrom().failure(MicroException.conflict("numbers", "ran out at 3")));
    }

    public Multi<Text> shout(Multi<Text> requests) {
      return requests.map(t -> new Text(t.text().toUpperCase()));
    }

    public Count plain(Count request) {
      return request;
    }
  }

  @BeforeEach
  void start() {
    TestServices.start(serverVertx, registry, "numbers", numbers);
    client = TestServices.client(clientVertx, registry);
  }

  @AfterEach
  void close() {
    Await.result(clientVertx.close());
    Await.result(serverVertx.close());
  }

  @Test
  void aSlowReaderOfTenThousandItemsHoldsTheProducerBack() {
    int total = 10_000;
    AtomicInteger consumed = new AtomicInteger();
    AtomicInteger maxAhead = new AtomicInteger();
    AtomicInteger outOfOrder = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    Context context = clientVertx.getOrCreateContext();
    // everything about the stream happens on one context, as Vert.x streams expect
    context.runOnContext(v -> client.<Item>stream("numbers", "Numbers.Count", new Count(total), Item.class, new CallOptions())
      .onFailure(done::fail)
      .onSuccess(stream -> {
        stream.pause();
        stream.exceptionHandler(done::tryFail);
        stream.endHandler(end -> done.tryComplete());
        stream.handler(item -> {
          if (item.index() != consumed.getAndIncrement()) {
            outOfOrder.incrementAndGet();
          }
          maxAhead.accumulateAndGet(numbers.produced.get() - consumed.get(), Math::max);
        });
        // a reader that takes 25 items every 4 ms: about four times slower than loopback could go
        long timer = clientVertx.setPeriodic(4, id -> stream.fetch(25));
        done.future().onComplete(ar -> clientVertx.cancelTimer(timer));
      }));
    Await.result(done.future(), Duration.ofSeconds(60));

    System.out.printf("slow reader: produced at most %d items ahead of %d read%n", maxAhead.get(), total);
    assertThat(consumed.get()).isEqualTo(total);
    assertThat(outOfOrder.get()).isZero();
    assertThat(numbers.produced.get()).isEqualTo(total);
    // what was produced but not yet read sits in socket buffers and a few short queues: a bounded few
    // hundred 16 KiB items, never the whole 160 MiB stream
    assertThat(maxAhead.get()).isLessThan(2_000);
  }

  @Test
  void sixtyStreamsToOneNodeAreOpenAtOnce() {
    // each stream is a WebSocket for its whole life: Vert.x's pool of 50 per address kept the 51st waiting
    int streams = 60;
    Promise<Void> all = Promise.promise();
    Context context = clientVertx.getOrCreateContext();
    context.runOnContext(v -> {
      List<io.vertx.core.Future<?>> opened = new java.util.ArrayList<>();
      for (int i = 0; i < streams; i++) {
        opened.add(client.<Item>stream("numbers", "Numbers.Ticks", new Count(0), Item.class, new CallOptions())
          .onSuccess(stream -> stream.pause()));
      }
      io.vertx.core.Future.all(opened).<Void>mapEmpty().onComplete(all);
    });
    Await.result(all.future(), Duration.ofSeconds(20));
  }

  @Test
  void aBidirectionalStreamEchoesEveryMessageInOrder() {
    Multi<Text> requests = Multi.createFrom().range(0, 1000).map(i -> new Text("m" + i));
    List<Text> replies = MutinyClient.of(client).stream("numbers", "Numbers.Shout", requests, Text.class, new CallOptions())
      .collect().asList().await().atMost(Duration.ofSeconds(30));
    assertThat(replies).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(replies.get(i).text()).isEqualTo("M" + i);
    }
  }

  @Test
  void requestsFailingEndTheRepliesWithThatFailure() {
    Multi<Text> requests = Multi.createFrom().range(0, 10).map(i -> new Text("m" + i))
      .onCompletion().switchTo(Multi.createFrom().failure(new IllegalStateException("the requests broke")));
    Throwable failure = MutinyClient.of(client).stream("numbers", "Numbers.Shout", requests, Text.class, new CallOptions())
      .collect().asList()
      .onItemOrFailure().transform((items, error) -> error)
      .await().atMost(Duration.ofSeconds(10));
    assertThat(failure).hasMessageContaining("the requests broke");
  }

  @Test
  void theCallerCancellingStopsTheServersStream() {
    List<Item> firstFive = MutinyClient.of(client).stream("numbers", "Numbers.Ticks", new Count(0), Item.class, new CallOptions())
      .select().first(5)
      .collect().asList().await().atMost(Duration.ofSeconds(10));
    // in order; a tick may have been dropped before the caller's demand arrived
    assertThat(firstFive).hasSize(5).extracting(Item::index).isSorted().doesNotHaveDuplicates();
    Await.until("the server to cancel its stream", numbers.cancelled::get);
  }

  @Test
  void theServerEndingWithAnErrorReachesTheCallerAfterItsItems() {
    List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Throwable failure = MutinyClient.of(client).stream("numbers", "Numbers.Failing", new Count(0), Item.class, new CallOptions())
      .onItem().invoke(item -> seen.add(item.index()))
      .collect().asList()
      .onItemOrFailure().transform((items, error) -> error)
      .await().atMost(Duration.ofSeconds(10));
    assertThat(seen).containsExactly(0, 1, 2);
    assertThat(failure).isInstanceOf(MicroException.class);
    assertThat(((MicroException) failure).code()).isEqualTo(409);
    assertThat(((MicroException) failure).detail()).isEqualTo("ran out at 3");
  }

  @Test
  void aStreamPastItsDeadlineIsCancelledOnBothSides() {
    Throwable failure = MutinyClient.of(client).stream("numbers", "Numbers.Ticks", new Count(0), Item.class,
        new CallOptions().setStreamTimeout(Duration.ofMillis(300)))
      .collect().asList()
      .onItemOrFailure().transform((items, error) -> error)
      .await().atMost(Duration.ofSeconds(10));
    assertThat(((MicroException) failure).code()).isEqualTo(408);
    Await.until("the server to cancel its stream", numbers.cancelled::get);
  }

  @Test
  void streamingAUnaryEndpointOrAnUnknownOneIsAClearError() {
    Throwable unary = MutinyClient.of(client).stream("numbers", "Numbers.Plain", new Count(1), Count.class, new CallOptions())
      .collect().asList().onItemOrFailure().transform((items, error) -> error).await().atMost(Duration.ofSeconds(10));
    assertThat(((MicroException) unary).code()).isEqualTo(400);
    assertThat(((MicroException) unary).detail()).contains("is unary");

    Throwable unknown = MutinyClient.of(client).stream("numbers", "Numbers.Nothing", new Count(1), Count.class, new CallOptions())
      .collect().asList().onItemOrFailure().transform((items, error) -> error).await().atMost(Duration.ofSeconds(10));
    assertThat(((MicroException) unknown).code()).isEqualTo(404);

    MicroException streamAsUnary = (MicroException) Await.failure(client.call("numbers", "Numbers.Count", new Count(1), Item.class));
    assertThat(streamAsUnary.code()).isEqualTo(400);
    assertThat(streamAsUnary.detail()).contains("open it as a stream");
  }
}
