package io.microvx.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as go-micro's flags write them: Go duration strings ({@code 5s}, {@code 1m30s}, {@code 250ms},
 * {@code 1h}); a bare number means seconds, as {@code --register_ttl=60} does.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private Durations() {
  }

  /** Parses a number of seconds or a Go duration string; fails with a message naming the bad value. */
  public static Duration parse(Object value) {
    if (value instanceof Duration d) {
      return d;
    }
    if (value instanceof Number n) {
      return Duration.ofNanos(Math.round(n.doubleValue() * 1e9));
    }
    String text = String.valueOf(value).trim();
    if (text.matches("\\d+(\\.\\d+)?")) {
      return Duration.ofNanos(Math.round(Double.parseDouble(text) * 1e9));
    }
    boolean negative = text.startsWith("-");
    String body = negative || text.startsWith("+") ? text.substring(1) : text;
    Matcher m = PART.matcher(body);
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      nanos += Math.round(Double.parseDouble(m.group(1)) * unitNanos(m.group(2)));
      end = m.end();
    }
    if (end == 0 || end != body.length()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\" (use e.g. 5s, 250ms, 1m30s or seconds)");
    }
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
  }

  /** Formats like Go's {@code time.Duration.String()}: {@code 5s}, {@code 1m0s}, {@code 250ms}. */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long abs = Math.abs(nanos);
    if (abs < 1_000) {
      return sign + abs + "ns";
    }
    if (abs < 1_000_000) {
      return sign + trim(abs / 1e3) + "µs";
    }
    if (abs < 1_000_000_000) {
      return sign + trim(abs / 1e6) + "ms";
    }
    long hours = abs / 3_600_000_000_000L;
    long minutes = abs / 60_000_000_000L % 60;
    String seconds = trim(abs % 60_000_000_000L / 1e9) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds;
    }
    return sign + (minutes > 0 ? minutes + "m" : "") + seconds;
  }

  private static String trim(double value) {
    String s = java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return s;
  }
}
