package io.microvx.client;

import io.microvx.metadata.CallContext;
import io.microvx.metadata.Metadata;
import io.microvx.testing.Await;
import io.microvx.transport.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call's outcome reaches its caller on the caller's Vert.x context, whichever context the transport
 * answered on (an HTTP connection's own, once pooled): a handler's continuation still serves its call,
 * so what it calls or publishes next inherits the call's metadata, deadline and trace.
 */
class CallerContextTest {

  private final Vertx vertx = Vertx.vertx();
  /** The context the stub transport answers on: a connection's, not the caller's. */
  private final Context connection = vertx.getOrCreateContext();
  private final StubNodes nodes = new StubNodes(1, (address, n) -> {
    Promise<Message> answered = Promise.promise();
    connection.runOnContext(v -> answered.complete(Message.of(Buffer.buffer("{}"))));
    return answered.future();
  });

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void aContinuationAfterACallStillServesTheHandlersCall() {
    Client client = Client.builder(vertx).selector(nodes.selector()).transport(nodes.transport()).build();
    ContextInternal handler = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    CallContext served = CallContext.of(Metadata.of("X-User", "ada"), Duration.ofSeconds(5));
    Promise<CallContext> seen = Promise.promise();
    handler.runOnContext(v -> {
      served.attach(handler);
      client.call("other", "Say.Hello", new io.vertx.core.json.JsonObject(), io.vertx.core.json.JsonObject.class)
        .onComplete(ar -> seen.complete(CallContext.current()));
    });
    assertThat(Await.result(seen.future())).isSameAs(served);
    assertThat(nodes.total()).isEqualTo(1);
  }

  @Test
  void aCallMadeOutsideAnyContextCompletesAsTheTransportDoes() {
    Client client = Client.builder(vertx).selector(nodes.selector()).transport(nodes.transport()).build();
    Future<io.vertx.core.json.JsonObject> reply = client.call("other", "Say.Hello", new io.vertx.core.json.JsonObject(),
      io.vertx.core.json.JsonObject.class);
    assertThat(Await.result(reply).isEmpty()).isTrue();
  }
}
