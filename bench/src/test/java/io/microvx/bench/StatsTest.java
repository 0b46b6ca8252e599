package io.microvx.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of())).isNull();
    assertThat(Stats.median(Arrays.asList(null, 5.0))).isEqualTo(5.0);
  }

  @Test
  void nearestRankPercentileAndSpread() {
    List<Double> values = List.of(10.0, 20.0, 30.0, 40.0, 50.0);
    assertThat(Stats.percentile(values, 50)).isEqualTo(30.0);
    assertThat(Stats.percentile(values, 99)).isEqualTo(50.0);
    assertThat(Stats.spread(values)).isEqualTo((50.0 - 10.0) / 30.0);
  }

  @Test
  void resultRatiosAreMediansOverMedians() {
    Result r = Result.of("x", "y", "ops/s",
      List.of(new Measurement(90, 1.0, 3.0, 1, 0), new Measurement(100, 1.0, 2.0, 1, 0), new Measurement(300, 1.0, 2.0, 1, 0)),
      List.of(new Measurement(200, 1.0, 1.0, 1, 0)));
    assertThat(r.ours()).isEqualTo(100);
    assertThat(r.ratio()).isEqualTo(0.5);
    assertThat(r.oursP99()).isEqualTo(2.0);
    assertThat(r.p99Ratio()).isEqualTo(2.0);
    assertThat(r.withTarget("≥ 1×", res -> res.ratio() >= 1).met()).isFalse();
  }
}
