package io.microvx.examples.metrics;

import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsDemoTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void theGreetersMetricsAddressServesItsCallsAndItsOwnMeter() {
    List<String> lines = Await.result(MetricsDemo.run(vertx));
    assertThat(lines).contains(
      "micro_server_requests_seconds_count{endpoint=\"Say.Hello\",service=\"greeter\",status=\"200\"} 3",
      "greeter_name_length_characters_count 3",
      "greeter_name_length_characters_sum 15.0");
  }
}
