package io.microvx.transport;

import io.microvx.client.CallOptions;
import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.transport.fake.EventBusTransport;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport SPI beyond http: a server registers whatever address its transport reports (here an event
 * bus address, as a NATS subject or a queue name would be), clients hand it back untouched, and a transport
 * without streams says so with a 501 that is not retried.
 */
class OpaqueAddressTransportTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);
  private final EventBusTransport transport = new EventBusTransport(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private MicroService greeter(MicroService.Builder builder) {
    MicroService service = builder.name("greeter").version("1.0.0").registry(registry).transport(transport)
      .set("broker", "memory").handler(new Greeting.Say()).build();
    Await.result(service.start());
    return service;
  }

  @Test
  void theServerRegistersTheAddressItsTransportReportsAndCallsGoThere() {
    MicroService greeter = greeter(MicroService.builder(vertx));
    Node node = Await.result(registry.getService("greeter")).get(0).nodes().get(0);
    assertThat(node.address()).startsWith("micro.eventbus.").isEqualTo(greeter.server().address());
    assertThat(node.metadata()).containsEntry("transport", "eventbus");

    Greeting.Response reply = Await.result(greeter.client().call("greeter", "Say.Hello", new Greeting.Request("Ada"),
      Greeting.Response.class));
    assertThat(reply.msg()).isEqualTo("Hello Ada");
  }

  @Test
  void anAdvertiseAddressIsPassedToTheTransportAndRegistered() {
    greeter(MicroService.builder(vertx).set("server_advertise", "micro.eventbus.greeter-blue"));
    Node node = Await.result(registry.getService("greeter")).get(0).nodes().get(0);
    assertThat(node.address()).isEqualTo("micro.eventbus.greeter-blue");
  }

  @Test
  void aTransportWithoutStreamsFailsWith501AndIsNotRetried() {
    MicroService greeter = greeter(MicroService.builder(vertx));
    greeter(MicroService.builder(vertx)); // a second node: a retry would have somewhere to go
    Throwable failure = Await.failure(greeter.client().stream("greeter", "Say.Hello", Greeting.Response.class,
      new CallOptions().setRetries(3)));
    assertThat(failure).isInstanceOf(MicroException.class);
    assertThat(((MicroException) failure).code()).isEqualTo(501);
    assertThat(transport.streamsAsked.get()).isEqualTo(1);
  }

  @Test
  void anyFailureBecomesTheTransportFaultItIs() {
    assertThat(TransportException.of("a", new TimeoutException()).code()).isEqualTo(408);
    assertThat(TransportException.of("a", new IllegalArgumentException("bad header")).code()).isEqualTo(400);
    MicroException refused = TransportException.of("queue.greeter", new IllegalStateException("connection refused"));
    assertThat(refused).isInstanceOf(TransportException.class);
    assertThat(refused.code()).isEqualTo(500);
    assertThat(refused.detail()).isEqualTo("cannot reach queue.greeter: connection refused");
    TransportException kept = TransportException.timeout("slow", null);
    assertThat(TransportException.of("a", kept)).isSameAs(kept);
  }
}
