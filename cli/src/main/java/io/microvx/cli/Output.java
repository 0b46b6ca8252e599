package io.microvx.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CLI prints: aligned tables for people, JSON for scripts ({@code --output json}), colour only
 * on a terminal (and never with {@code NO_COLOR} set).
 */
final class Output {

  enum Format { TABLE, JSON }

  private final PrintStream out;
  private final PrintStream err;
  private final Format format;
  private final boolean colour;

  Output(PrintStream out, PrintStream err, Format format) {
    this.out = out;
    this.err = err;
    this.format = format;
    this.colour = System.console() != null && System.getenv("NO_COLOR") == null
      && !"dumb".equals(System.getenv("TERM"));
  }

  boolean json() {
    return format == Format.JSON;
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  void json(Object value) {
    if (value instanceof JsonObject object) {
      line(format == Format.JSON ? object.encode() : object.encodePrettily());
    } else if (value instanceof JsonArray array) {
      line(format == Format.JSON ? array.encode() : array.encodePrettily());
    } else {
      line(String.valueOf(value));
    }
  }

  /** A table: a bold header row, columns padded to their widest cell. */
  void table(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < widths.length && i < row.size(); i++) {
        widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
      }
    }
    for (int r = 0; r < all.size(); r++) {
      StringBuilder line = new StringBuilder();
      List<String> row = all.get(r);
      for (int i = 0; i < widths.length; i++) {
        String cell = i < row.size() ? String.valueOf(row.get(i)) : "";
        boolean last = i == widths.length - 1;
        line.append(last ? cell : pad(cell, widths[i] + 2));
      }
      line(r == 0 ? bold(line.toString().stripTrailing()) : line.toString().stripTrailing());
    }
  }

  /** An error as one line on stderr. */
  void error(String message) {
    err.println(colour ? "\u001b[31m" + "micro: " + message + "\u001b[0m" : "micro: " + message);
    err.flush();
  }

  String green(String text) {
    return colour ? "\u001b[32m" + text + "\u001b[0m" : text;
  }

  String red(String text) {
    return colour ? "\u001b[31m" + text + "\u001b[0m" : text;
  }

  private String bold(String text) {
    return colour ? "\u001b[1m" + text + "\u001b[0m" : text;
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
  }

  /** A service's version as shown: a service registered without one shows "-". */
  static String version(String version) {
    return version == null || version.isEmpty() ? "-" : version;
  }
}
