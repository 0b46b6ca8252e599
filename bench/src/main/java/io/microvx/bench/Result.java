package io.microvx.bench;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Predicate;

/**
 * Our system against one peer in one scenario: the runs of each (interleaved in time), their medians and
 * the ratio ours / peer. For throughput units a ratio above 1 is better; for {@code ms} and {@code MiB}
 * (start-up) below 1 is.
 *
 * @param unit   {@code ops/s}, {@code picks/s}, {@code ms} or {@code MiB}
 * @param target the goal in words (null: none), with {@code met} whether this run reached it
 * @param note   anything a reader needs to weigh the figure (layout, mode), or null
 */
public record Result(String scenario, String peer, String unit, List<Measurement> oursRuns, List<Measurement> peerRuns,
                     String target, Boolean met, String note) {

  public Result {
    oursRuns = List.copyOf(oursRuns);
    peerRuns = List.copyOf(peerRuns);
  }

  public static Result of(String scenario, String peer, String unit, List<Measurement> oursRuns,
                          List<Measurement> peerRuns) {
    return new Result(scenario, peer, unit, oursRuns, peerRuns, null, null, null);
  }

  /** The same result with a target, checked against this run's medians. */
  public Result withTarget(String target, Predicate<Result> check) {
    Result described = new Result(scenario, peer, unit, oursRuns, peerRuns, target, null, note);
    return new Result(scenario, peer, unit, oursRuns, peerRuns, target, check.test(described), note);
  }

  public Result withNote(String note) {
    return new Result(scenario, peer, unit, oursRuns, peerRuns, target, met, note);
  }

  public double ours() {
    return orZero(Stats.medianOf(oursRuns, Measurement::value));
  }

  public double peerValue() {
    return orZero(Stats.medianOf(peerRuns, Measurement::value));
  }

  /** ours / peer; 0 when the peer measured nothing. */
  public double ratio() {
    double peer = peerValue();
    return peer == 0 ? 0 : ours() / peer;
  }

  public Double oursP50() {
    return Stats.medianOf(oursRuns, Measurement::p50Ms);
  }

  public Double oursP99() {
    return Stats.medianOf(oursRuns, Measurement::p99Ms);
  }

  public Double peerP50() {
    return Stats.medianOf(peerRuns, Measurement::p50Ms);
  }

  public Double peerP99() {
    return Stats.medianOf(peerRuns, Measurement::p99Ms);
  }

  /** p99 ours / p99 peer, or null without latencies. */
  public Double p99Ratio() {
    Double ours = oursP99();
    Double peer = peerP99();
    return ours == null || peer == null || peer == 0 ? null : ours / peer;
  }

  /** Median CPU µs per call of our runs and of the peer's (null where not measured). */
  public Double oursCpuMicros() {
    return Stats.medianOf(oursRuns, Measurement::cpuMicrosPerOp);
  }

  public Double peerCpuMicros() {
    return Stats.medianOf(peerRuns, Measurement::cpuMicrosPerOp);
  }

  /** Spread of our runs, (max - min) / median. */
  public Double oursSpread() {
    return Stats.spread(oursRuns.stream().map(Measurement::value).toList());
  }

  public Double peerSpread() {
    return Stats.spread(peerRuns.stream().map(Measurement::value).toList());
  }

  public long failures() {
    return oursRuns.stream().mapToLong(Measurement::failures).sum() + peerRuns.stream().mapToLong(Measurement::failures).sum();
  }

  /** The entry of {@code latest.json}: exactly the keys tools read. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("scenario", scenario)
      .put("peer", peer)
      .put("ours", round(ours()))
      .put("peer_ops", round(peerValue()))
      .put("ratio", round(ratio()))
      .put("ours_p99_ms", round(oursP99()))
      .put("peer_p99_ms", round(peerP99()));
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }

  private static Double round(Double value) {
    if (value == null) {
      return null;
    }
    double scale = Math.abs(value) >= 100 ? 10 : 10_000;
    return Math.round(value * scale) / scale;
  }
}
