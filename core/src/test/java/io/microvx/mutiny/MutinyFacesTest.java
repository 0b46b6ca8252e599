package io.microvx.mutiny;

import io.microvx.registry.CacheOptions;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.selector.SelectOptions;
import io.microvx.selector.Selection;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.microvx.testing.Await;
import io.microvx.transport.Message;
import io.microvx.transport.TransportServer;
import io.microvx.transport.fake.EventBusTransport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The selector and transport through their Mutiny faces: same objects underneath. */
class MutinyFacesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void theSelectorPicksANodeAsAUni() {
    Registry registry = Registry.memory(vertx);
    Await.result(registry.register(new Service("greeter", "1", List.of(new Node("g-1", "127.0.0.1:9")))));
    MutinySelector selector = MutinySelector.of(Selector.create(Registry.cached(vertx, registry, new CacheOptions()),
      new SelectorOptions()));
    Selection selection = selector.select("greeter", new SelectOptions(List.of(), null, java.util.Set.of())).await().atMost(Duration.ofSeconds(5));
    assertThat(selection.node().id()).isEqualTo("g-1");
    assertThat(selector.status("greeter")).hasSize(1);
  }

  @Test
  void theTransportListensAndAnswersAsUnis() {
    MutinyTransport transport = MutinyTransport.of(new EventBusTransport(vertx));
    TransportServer server = transport.listen(null, null, new io.microvx.transport.TransportHandler() {
      @Override
      public void request(io.microvx.transport.ServerExchange exchange) {
        exchange.reply(Message.of(Buffer.buffer("pong")));
      }

      @Override
      public void stream(io.microvx.transport.TransportStream stream) {
        stream.cancel();
      }
    }).await().atMost(Duration.ofSeconds(5));
    Message reply = transport.request(server.address(), Message.of(Buffer.buffer("ping")), Duration.ofSeconds(5))
      .await().atMost(Duration.ofSeconds(5));
    assertThat(reply.body().toString()).isEqualTo("pong");
  }
}
