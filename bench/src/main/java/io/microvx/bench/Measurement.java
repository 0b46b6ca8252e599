package io.microvx.bench;

/**
 * One timed run of one system: its throughput (or the figure the scenario measures) and the latency
 * percentiles of the calls that completed inside the window (null where latency means nothing).
 */
public record Measurement(double value, Double p50Ms, Double p99Ms, long count, long failures) {

  public static Measurement of(double value) {
    return new Measurement(value, null, null, 1, 0);
  }
}
