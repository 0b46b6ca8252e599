package io.microvx.web.api;

import io.microvx.registry.Value;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The terminal's text: aligned tables, value trees, pretty JSON, sizes and durations, as the CLI prints them. */
final class Text {

  private Text() {
  }

  static String table(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
    }
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length && i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i) == null ? 0 : row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    rows.forEach(row -> line(out, row, widths));
    return out.toString().stripTrailing();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i) == null ? "" : cells.get(i);
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  static String pairs(Map<String, String> metadata) {
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(metadata).forEach((k, v) -> pairs.add(k + "=" + v));
    return String.join(",", pairs);
  }

  /** Fields as {@code {name string, tags []string}}, nested ones in braces. */
  static String fields(List<Value> values) {
    if (values == null || values.isEmpty()) {
      return "{}";
    }
    List<String> parts = new ArrayList<>();
    for (Value field : values) {
      parts.add(field.name() + " " + field.type() + (field.values().isEmpty() ? "" : " " + fields(field.values())));
    }
    return "{" + String.join(", ", parts) + "}";
  }

  static String pretty(Object json) {
    if (json instanceof JsonObject o) {
      return o.encodePrettily();
    }
    if (json instanceof JsonArray a) {
      return a.encodePrettily();
    }
    return json == null ? "" : String.valueOf(json);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m" + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
  }
}
