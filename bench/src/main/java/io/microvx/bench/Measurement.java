package io.microvx.bench;

/**
 * One timed run of one system: its throughput (or the figure the scenario measures), the latency
 * percentiles of the calls that completed inside the window (null where latency means nothing), and the
 * CPU time this process spent per call (client and server together, µs; null where not measured). CPU per
 * call suffers far less than throughput when other work shares the machine.
 */
public record Measurement(double value, Double p50Ms, Double p99Ms, long count, long failures, Double cpuMicrosPerOp) {

  public Measurement(double value, Double p50Ms, Double p99Ms, long count, long failures) {
    this(value, p50Ms, p99Ms, count, failures, null);
  }

  public static Measurement of(double value) {
    return new Measurement(value, null, null, 1, 0);
  }
}
