package io.microvx.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Medians and percentiles of a handful of repetitions. */
public final class Stats {

  private Stats() {
  }

  /** The median; the mean of the middle two for an even count; null for no values. */
  public static Double median(List<Double> values) {
    List<Double> sorted = sorted(values);
    if (sorted.isEmpty()) {
      return null;
    }
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Nearest-rank percentile ({@code p} in 0..100); null for no values. */
  public static Double percentile(List<Double> values, double p) {
    List<Double> sorted = sorted(values);
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** (max - min) / median, the spread the report shows next to each median. */
  public static Double spread(List<Double> values) {
    List<Double> sorted = sorted(values);
    Double median = median(sorted);
    if (median == null || median == 0) {
      return null;
    }
    return (sorted.get(sorted.size() - 1) - sorted.get(0)) / median;
  }

  private static List<Double> sorted(List<Double> values) {
    List<Double> sorted = new ArrayList<>();
    for (Double value : values) {
      if (value != null) {
        sorted.add(value);
      }
    }
    Collections.sort(sorted);
    return sorted;
  }

  /** Medians of one field over runs. */
  public static Double medianOf(List<Measurement> runs, java.util.function.Function<Measurement, Double> field) {
    return median(runs.stream().map(field).filter(Objects::nonNull).toList());
  }
}
