package io.microvx.testing;

import io.microvx.errors.MicroException;
import io.microvx.transport.Message;
import io.microvx.transport.ServerExchange;
import io.microvx.transport.Transport;
import io.microvx.transport.TransportException;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.microvx.transport.TransportStream;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every transport must do, run by each implementation's test: http and a test transport with opaque
 * addresses in core, NATS and RabbitMQ in their modules. Override {@link #newTransport()}, and the hooks
 * that differ: where to listen, an address to advertise, whether it has streams.
 */
public abstract class TransportContract {

  protected Vertx vertx;
  private final List<Transport> made = new ArrayList<>();
  private final List<TransportServer> servers = new ArrayList<>();

  /** A transport as one process would have it, on the test's Vert.x. */
  protected abstract Transport newTransport();

  /** Where a server listens: {@code 127.0.0.1:0} for http; null where the transport picks. */
  protected String listenAddress() {
    return "127.0.0.1:0";
  }

  /** An address this transport accepts as the one to advertise instead of where it listens. */
  protected abstract String advertiseAddress();

  /** Has streams; without, {@code openStream} must fail with 501. */
  protected boolean hasStreams() {
    return true;
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    servers.forEach(s -> Await.result(s.close()));
    made.forEach(t -> Await.result(t.close()));
    Await.result(vertx.close());
  }

  protected Transport transport() {
    Transport transport = newTransport();
    made.add(transport);
    return transport;
  }

  private TransportServer listen(Transport transport, String advertise, TransportHandler handler) {
    TransportServer server = Await.result(transport.listen(listenAddress(), advertise, handler));
    servers.add(server);
    return server;
  }

  /** A handler answering each request with what {@code answer} makes of it; streams echo. */
  private record Answering(java.util.function.Consumer<ServerExchange> answer) implements TransportHandler {
    @Override
    public void request(ServerExchange exchange) {
      answer.accept(exchange);
    }

    @Override
    public void stream(TransportStream stream) {
      stream.handler(stream::write);
      stream.endHandler(v -> stream.end());
    }
  }

  @Test
  void aRequestAndItsReplyCarryHeadersAndBodyAndTheServerAnswersOnAContext() {
    List<String> contexts = new CopyOnWriteArrayList<>();
    TransportServer server = listen(transport(), null, new Answering(exchange -> {
      Context context = Vertx.currentContext();
      contexts.add(context == null ? "none" : context.isEventLoopContext() ? "event loop" : "worker");
      Message reply = Message.of(Buffer.buffer("echo:" + exchange.request().body()));
      reply.header("X-Seen", exchange.request().header("X-Sent"));
      reply.header("Micro-Id", exchange.request().header("Micro-Id"));
      exchange.reply(reply);
    }));
    Message request = Message.of(Buffer.buffer("{\"name\":\"Ada\"}")).header("X-Sent", "s-1").header("Micro-Id", "7");
    Message reply = Await.result(transport().request(server.address(), request, Duration.ofSeconds(10)));
    assertThat(reply.body().toString()).isEqualTo("echo:{\"name\":\"Ada\"}");
    assertThat(reply.header("X-Seen")).isEqualTo("s-1");
    assertThat(reply.header("Micro-Id")).isEqualTo("7");
    assertThat(contexts).containsExactly("event loop");
  }

  @Test
  void theServerReportsTheAddressToRegisterAndAnAdvertiseAddressWins() {
    Transport transport = transport();
    TransportServer plain = listen(transport, null, new Answering(e -> e.reply(Message.of(Buffer.buffer("a")))));
    assertThat(plain.address()).isNotBlank();
    TransportServer advertised = listen(transport, advertiseAddress(), new Answering(e -> e.reply(Message.of(Buffer.buffer("b")))));
    assertThat(advertised.address()).isEqualTo(advertiseAddress());
    assertThat(Await.result(transport().request(plain.address(), Message.of(Buffer.buffer("")), Duration.ofSeconds(10)))
      .body().toString()).isEqualTo("a");
  }

  @Test
  void anAddressNobodyServesIsATransportFault() {
    Transport transport = transport();
    TransportServer server = listen(transport, null, new Answering(e -> e.reply(Message.of(Buffer.buffer("")))));
    String address = server.address();
    Await.result(server.close());
    Throwable failure = Await.failure(transport().request(address, Message.of(Buffer.buffer("")), Duration.ofSeconds(10)));
    assertThat(failure).as("retried elsewhere and counted against the node").isInstanceOf(TransportException.class);
    assertThat(((TransportException) failure).code()).isIn(408, 500, 502, 503);
  }

  @Test
  void noReplyWithinTheTimeoutIsA408() {
    TransportServer server = listen(transport(), null, new Answering(exchange -> { }));
    Throwable failure = Await.failure(transport().request(server.address(), Message.of(Buffer.buffer("")),
      Duration.ofMillis(300)));
    assertThat(failure).isInstanceOf(TransportException.class);
    assertThat(((TransportException) failure).code()).isEqualTo(408);
  }

  @Test
  void aStreamCarriesMessagesBothWaysOrTheTransportSaysItHasNone() {
    TransportServer server = listen(transport(), null, new Answering(e -> e.reply(Message.of(Buffer.buffer("")))));
    Message header = new Message(HttpHeaders.headers().set("Micro-Endpoint", "Echo.Stream"), Buffer.buffer());
    if (!hasStreams()) {
      Throwable failure = Await.failure(transport().openStream(server.address(), header, Duration.ofSeconds(10)));
      assertThat(((MicroException) failure).code()).isEqualTo(501);
      return;
    }
    TransportStream stream = Await.result(transport().openStream(server.address(), header, Duration.ofSeconds(10)));
    List<String> echoed = new CopyOnWriteArrayList<>();
    Promise<Void> ended = Promise.promise();
    stream.handler(m -> echoed.add(m.body().toString()));
    stream.endHandler(v -> ended.tryComplete());
    stream.exceptionHandler(ended::tryFail);
    for (int i = 0; i < 3; i++) {
      stream.write(Message.of(Buffer.buffer("m" + i)));
    }
    stream.end();
    Await.result(ended.future());
    assertThat(echoed).containsExactly("m0", "m1", "m2");
  }
}
