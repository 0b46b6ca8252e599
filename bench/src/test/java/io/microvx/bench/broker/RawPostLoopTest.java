package io.microvx.bench.broker;

import io.microvx.bench.Measurement;
import io.microvx.bench.load.LoadDriver;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker scenario's peer runs even while the scenario itself waits for core's brokers. */
class RawPostLoopTest {

  @Test
  void postsAndDeliversUnderLoad() throws Exception {
    try (RawPostLoop loop = RawPostLoop.start(Buffer.buffer("{\"name\":\"Ada\"}"))) {
      Measurement m = LoadDriver.run(loop, 16, Duration.ofMillis(300));
      assertThat(m.value()).isPositive();
      assertThat(m.failures()).isZero();
      assertThat(loop.delivered()).isGreaterThanOrEqualTo(m.count());
      assertThat(m.p99Ms()).isGreaterThanOrEqualTo(m.p50Ms());
    }
  }
}
