package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.client.CallResponse;
import io.microvx.client.CallWrapper;
import io.microvx.server.HandlerWrapper;
import io.microvx.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Several plugins' wrappers as one: each part nests, the first outermost, and each is closed. */
class ServiceWrappersTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** Wrappers that note, under their name, each part they wrap as it runs. */
  private ServiceWrappers noting(String name) {
    return new ServiceWrappers() {
      @Override
      public CallWrapper call() {
        return next -> request -> {
          seen.add(name + " call");
          return next.call(request);
        };
      }

      @Override
      public HandlerWrapper server(String service) {
        return next -> request -> {
          seen.add(name + " serves " + service);
          return next.handle(request);
        };
      }

      @Override
      public Broker broker(Broker broker) {
        seen.add(name + " wraps " + broker.name());
        return broker;
      }

      @Override
      public Inbound inbound(String method, String path, MultiMap headers) {
        seen.add(name + " takes " + method + " " + path);
        return (route, status) -> seen.add(name + " answered " + status);
      }

      @Override
      public Future<Void> close() {
        seen.add(name + " closed");
        return Future.succeededFuture();
      }
    };
  }

  @Test
  void noneAreNothingAndOneIsItself() {
    assertThat(ServiceWrappers.all(List.of())).isSameAs(ServiceWrappers.NONE);
    assertThat(ServiceWrappers.all(List.of(ServiceWrappers.NONE, ServiceWrappers.NONE))).isSameAs(ServiceWrappers.NONE);
    ServiceWrappers one = noting("a");
    assertThat(ServiceWrappers.all(List.of(ServiceWrappers.NONE, one))).isSameAs(one);
  }

  @Test
  void theFirstIsOutermostAndEveryOneIsClosed() {
    ServiceWrappers both = ServiceWrappers.all(List.of(noting("a"), noting("b")));
    CallResponse reply = new CallResponse(MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"));
    Await.result(both.call().wrap(request -> {
      seen.add("sent");
      return Future.succeededFuture(reply);
    }).call(null));
    assertThat(seen).containsExactly("a call", "b call", "sent");

    seen.clear();
    Broker memory = Broker.memory(vertx, new BrokerOptions(new JsonObject()));
    both.broker(memory);
    assertThat(seen).as("the last wraps first, so the first is outermost").containsExactly("b wraps memory", "a wraps memory");

    seen.clear();
    both.inbound("GET", "/greeter", MultiMap.caseInsensitiveMultiMap()).end("greeter", 200);
    assertThat(seen).containsExactly("a takes GET /greeter", "b takes GET /greeter", "b answered 200", "a answered 200");

    seen.clear();
    Await.result(both.close());
    assertThat(seen).containsExactlyInAnyOrder("a closed", "b closed");
  }
}
