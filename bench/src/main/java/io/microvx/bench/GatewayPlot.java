package io.microvx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws the gateway scenario of a run's JSON ({@code latest.json}) as a PNG: requests per second and p99
 * latency of our gateway, of each peer in front of the same greeter (nginx, HAProxy, Spring Cloud Gateway),
 * and of the greeter called directly. Drawn from the JSON rather than from memory, so an older run's JSON can
 * be drawn again ({@code java -cp bench.jar io.microvx.bench.GatewayPlot latest.json gateway.png}).
 */
public final class GatewayPlot {

  /** The file name next to {@code latest.json}. */
  public static final String FILE = "gateway.png";
  static final String OURS = "micro gateway";
  // wide enough for every system's name under its bar: XChart hides a tick label that would overlap
  private static final int WIDTH = 760;
  private static final int HEIGHT = 380;

  private GatewayPlot() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: GatewayPlot RESULTS.json OUT.png");
      System.exit(2);
    }
    if (!write(Path.of(args[0]), Path.of(args[1]))) {
      System.err.println(args[0] + " has no gateway scenario");
      System.exit(1);
    }
  }

  /** Writes the plot; returns false, writing nothing, when the run has no gateway rows. */
  public static boolean write(Path json, Path png) throws IOException {
    Map<String, double[]> systems = systems(new JsonObject(Files.readString(json)));
    if (systems.isEmpty()) {
      return false;
    }
    System.setProperty("java.awt.headless", "true");
    List<String> names = systems.keySet().stream().map(GatewayPlot::label).toList();
    List<Double> throughput = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    systems.values().forEach(v -> {
      throughput.add(v[0]);
      p99.add(v[1]);
    });
    List<CategoryChart> charts = List.of(
      chart("Throughput, gateway scenario", "requests/s", names, throughput),
      chart("p99 latency, gateway scenario", "ms", names, p99));
    Files.createDirectories(png.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(charts, 1, 2, out, BitmapEncoder.BitmapFormat.PNG);
    }
    return true;
  }

  /** Each system's median requests/s and p99 (ms; 0 when not measured), ours first, then the peers as run. */
  static Map<String, double[]> systems(JsonObject report) {
    Map<String, double[]> systems = new LinkedHashMap<>();
    JsonArray rows = report.getJsonArray("scenarios", new JsonArray());
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      if (!"gateway".equals(row.getString("scenario"))) {
        continue;
      }
      systems.putIfAbsent(OURS, new double[] {number(row, "ours"), number(row, "ours_p99_ms")});
      systems.put(row.getString("peer"), new double[] {number(row, "peer_ops"), number(row, "peer_p99_ms")});
    }
    return systems;
  }

  /** The name under a system's bars. */
  static String label(String system) {
    return switch (system) {
      case "haproxy" -> "HAProxy";
      case "spring-cloud-gateway" -> "Spring Cloud Gateway";
      default -> system;
    };
  }

  private static double number(JsonObject row, String key) {
    Number value = row.getNumber(key);
    return value == null ? 0 : value.doubleValue();
  }

  private static CategoryChart chart(String title, String unit, List<String> names, List<Double> values) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(unit).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.addSeries(unit, names, values);
    return chart;
  }
}
