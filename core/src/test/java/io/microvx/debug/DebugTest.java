package io.microvx.debug;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DebugTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void everyServiceAnswersHealthAndStatsInJsonWithoutListingThem() {
    MicroService greeter = TestServices.start(vertx, registry, "greeter", new Greeting.Say());
    Client client = TestServices.client(vertx, registry);
    Await.result(client.call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class));
    Await.failure(client.call("greeter", "Say.Nope", new Greeting.Request("Ada"), Greeting.Response.class));

    assertThat(Await.result(client.call("greeter", "Debug.Health", new JsonObject(), JsonObject.class)))
      .isEqualTo(new JsonObject().put("status", "ok"));
    JsonObject stats = Await.result(client.call("greeter", "Debug.Stats", new JsonObject(), JsonObject.class));
    assertThat(stats.fieldNames()).contains("started", "uptime", "memory", "threads", "gc", "requests", "errors");
    assertThat(stats.getLong("requests")).isGreaterThanOrEqualTo(3);
    assertThat(stats.getLong("errors")).isGreaterThanOrEqualTo(1);
    assertThat(stats.getLong("memory")).isPositive();
    assertThat(stats.getJsonObject("client").fieldNames())
      .containsExactlyInAnyOrder("retries", "retriesRefused", "hedges", "hedgesWon", "hedgesRefused");
    assertThat(greeter.server().service().endpoints()).extracting(e -> e.name()).containsExactly("Say.Hello");
  }

  @Test
  void protobufCallersGetGoMicrosWireFormat() {
    TestServices.start(vertx, registry, "greeter", new Greeting.Say());
    Client client = TestServices.client(vertx, registry);
    CallOptions protobuf = new CallOptions().setContentType("application/protobuf");
    Buffer health = Await.result(client.call("greeter", "Debug.Health", Buffer.buffer(), Buffer.class, protobuf));
    // field 1, length-delimited, "ok"
    assertThat(health.getBytes()).containsExactly(0x0a, 0x02, 'o', 'k');
    Buffer stats = Await.result(client.call("greeter", "Debug.Stats", Buffer.buffer(), Buffer.class, protobuf));
    assertThat(stats.getByte(0)).as("field 1 (timestamp), varint").isEqualTo((byte) 0x08);
  }
}
