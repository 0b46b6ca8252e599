package io.microvx.transport.fake;

import io.microvx.errors.MicroException;
import io.microvx.metadata.Ids;
import io.microvx.transport.Message;
import io.microvx.transport.ServerExchange;
import io.microvx.transport.Transport;
import io.microvx.transport.TransportException;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.microvx.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport whose addresses are not {@code host:port}: requests go over the Vert.x event bus to an
 * address like {@code micro.eventbus.<uuid>}, as a NATS subject or an AMQP queue would be. It has no
 * streams (501) and no callers' addresses, as message queues have not. For the transport SPI's tests.
 */
public final class EventBusTransport implements Transport {

  private final Vertx vertx;
  public final AtomicInteger streamsAsked = new AtomicInteger();

  public EventBusTransport(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public String name() {
    return "eventbus";
  }

  @Override
  public Future<Message> request(String address, Message request, Duration timeout) {
    DeliveryOptions options = new DeliveryOptions().setHeaders(HttpHeaders.headers().addAll(request.headers()));
    if (timeout != null && !timeout.isZero()) {
      options.setSendTimeout(Math.max(1, timeout.toMillis()));
    }
    return vertx.eventBus().<Buffer>request(address, request.body(), options)
      .map(reply -> new Message(HttpHeaders.headers().addAll(reply.headers()), reply.body()))
      .recover(failure -> Future.failedFuture(failure instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT
        ? TransportException.timeout("request to " + address + " timed out", e) : TransportException.of(address, failure)));
  }

  @Override
  public Future<TransportStream> openStream(String address, Message header, Duration timeout) {
    streamsAsked.incrementAndGet();
    return Future.failedFuture(new MicroException("go.micro.transport", "the eventbus transport has no streams", 501));
  }

  @Override
  public Future<TransportServer> listen(String address, String advertise, TransportHandler handler) {
    String subject = advertise != null ? advertise : "micro.eventbus." + Ids.uuid();
    MessageConsumer<Buffer> consumer = vertx.eventBus().consumer(subject, received -> handler.request(new Exchange(received)));
    return consumer.completion().map(v -> new TransportServer() {
      @Override
      public String address() {
        return subject;
      }

      @Override
      public int port() {
        return -1;
      }

      @Override
      public Future<Void> shutdown(Duration timeout) {
        return consumer.unregister();
      }

      @Override
      public Future<Void> close() {
        return consumer.unregister();
      }
    });
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private record Exchange(io.vertx.core.eventbus.Message<Buffer> received) implements ServerExchange {
    @Override
    public Message request() {
      MultiMap headers = HttpHeaders.headers().addAll(received.headers());
      return new Message(headers, received.body());
    }

    @Override
    public String remoteAddress() {
      return "";
    }

    @Override
    public void reply(Message reply) {
      received.reply(reply.body(), new DeliveryOptions().setHeaders(HttpHeaders.headers().addAll(reply.headers())));
    }

    @Override
    public void cancelHandler(Handler<Void> handler) {
      // a queue does not say when its caller gave up
    }
  }
}
