package io.microvx.bench.broker;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.rpc.Payload;
import io.microvx.codec.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerScenarioTest {

  @Test
  void theDefaultMessageIsTheSampleEveryScenarioSends() throws Exception {
    JsonObject sample = new JsonObject(BrokerScenario.message(0));
    assertThat(sample.getString("email")).isEqualTo("ada@example.com");
    assertThat(sample.containsKey("pad")).isFalse();
    assertThat(BrokerScenario.message(0).getBytes()).isEqualTo(Json.mapper().writeValueAsBytes(Payload.SAMPLE));
  }

  @Test
  void aLargerMessageIsTheSamplePaddedToExactlyThatSize() throws Exception {
    Buffer kib = BrokerScenario.message(1024);
    assertThat(kib.length()).isEqualTo(1024);
    JsonObject json = new JsonObject(kib);
    assertThat(json.getString("email")).isEqualTo("ada@example.com");
    assertThat(json.getString("pad")).matches("x+");
  }

  @Test
  void theSizeIsAnOptionWithBounds() {
    BenchOptions options = new BenchOptions(new JsonObject().put("broker_message_bytes", 1024));
    assertThat(options.getBrokerMessageBytes()).isEqualTo(1024);
    assertThat(new BenchOptions(options).toJson().getInteger("broker_message_bytes")).isEqualTo(1024);
    assertThatThrownBy(() -> options.setBrokerMessageBytes(-1)).hasMessageContaining("broker_message_bytes");
  }
}
