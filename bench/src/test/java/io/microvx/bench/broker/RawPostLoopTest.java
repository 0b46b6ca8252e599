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
      // a cold JVM (BlockHound instruments every class it loads) may finish no call in a short window
      LoadDriver.run(loop, 16, Duration.ofMillis(300));
      Measurement m = LoadDriver.run(loop, 16, Duration.ofMillis(500));
      assertThat(m.value()).as("calls/s (%d failed)", m.failures()).isPositive();
      assertThat(loop.delivered()).isGreaterThanOrEqualTo(m.count());
      assertThat(m.p99Ms()).isGreaterThanOrEqualTo(m.p50Ms());
    }
  }
}
