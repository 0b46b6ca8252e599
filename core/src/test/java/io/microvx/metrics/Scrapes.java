package io.microvx.metrics;

import java.util.ArrayList;
import java.util.List;

/** Reads samples out of Prometheus' text format, by metric name and labels. */
final class Scrapes {

  private Scrapes() {
  }

  /** The value of the one sample of {@code name} carrying every {@code label="value"} given; NaN when none. */
  static double value(String scrape, String name, String... labels) {
    List<Double> found = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i + 1 < labels.length; i += 2) {
        all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
      }
      if (all) {
        found.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    if (found.size() > 1) {
      throw new AssertionError(found.size() + " samples of " + name + " match " + List.of(labels));
    }
    return found.isEmpty() ? Double.NaN : found.get(0);
  }

  /** How many samples of {@code name} there are. */
  static long count(String scrape, String name) {
    return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).count();
  }
}
