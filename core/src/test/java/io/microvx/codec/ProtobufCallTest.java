package io.microvx.codec;

import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A handler taking and returning generated protobuf messages, called with application/protobuf. */
class ProtobufCallTest {

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  public static class Lengths {
    public Int64Value measure(StringValue text) {
      return Int64Value.of(text.getValue().length());
    }
  }

  @Test
  void generatedMessagesTravelAsRawProtobuf() {
    MicroService service = TestServices.start(vertx, registry, "lengths", new Lengths());
    Client client = TestServices.client(vertx, registry);
    CallOptions protobuf = new CallOptions().setContentType(Codecs.PROTOBUF);

    Int64Value length = Await.result(client.call("lengths", "Lengths.Measure", StringValue.of("hello"), Int64Value.class, protobuf));
    assertThat(length.getValue()).isEqualTo(5);

    Endpoint endpoint = service.server().service().endpoint("Lengths.Measure");
    assertThat(endpoint.request().name()).isEqualTo("StringValue");
    assertThat(endpoint.request().values()).singleElement().satisfies(field -> {
      assertThat(field.name()).isEqualTo("value");
      assertThat(field.type()).isEqualTo("string");
    });
    assertThat(endpoint.response().values()).singleElement().satisfies(field -> assertThat(field.type()).isEqualTo("int64"));
  }
}
