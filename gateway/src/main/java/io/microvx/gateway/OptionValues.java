package io.microvx.gateway;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads option values that may come from JSON, {@code MICRO_*} variables or flags, where every value may
 * arrive as a string: {@code "true"}, {@code "10"}, {@code "a,b"}, {@code "k=v,k2=v2"}.
 */
public final class OptionValues {

  private OptionValues() {
  }

  public static String string(JsonObject json, String key, String fallback) {
    Object value = json.getValue(key);
    return value == null ? fallback : String.valueOf(value);
  }

  public static int integer(JsonObject json, String key, int fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number: " + value, e);
    }
  }

  public static double number(JsonObject json, String key, double fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number: " + value, e);
    }
  }

  public static boolean bool(JsonObject json, String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off", "" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false: " + value);
    };
  }

  public static Duration duration(JsonObject json, String key, Duration fallback) {
    Object value = json.getValue(key);
    return value == null ? fallback : Durations.parse(value);
  }

  /** A JSON array, or a comma-separated string; blanks dropped. */
  public static List<String> list(JsonObject json, String key, List<String> fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    List<String> result = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> addTrimmed(result, String.valueOf(item)));
    } else {
      for (String part : String.valueOf(value).split(",")) {
        addTrimmed(result, part);
      }
    }
    return List.copyOf(result);
  }

  /** A JSON object, or {@code k=v,k2=v2}. */
  public static Map<String, String> map(JsonObject json, String key, Map<String, String> fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    Map<String, String> result = new LinkedHashMap<>();
    if (value instanceof JsonObject object) {
      object.forEach(e -> result.put(e.getKey(), String.valueOf(e.getValue())));
    } else {
      for (String pair : String.valueOf(value).split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(key + " must be key=value pairs separated by commas: " + value);
        }
        result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return Map.copyOf(result);
  }

  private static void addTrimmed(List<String> list, String value) {
    String trimmed = value.trim();
    if (!trimmed.isEmpty()) {
      list.add(trimmed);
    }
  }

  static JsonArray array(List<String> values) {
    return new JsonArray(new ArrayList<>(values));
  }

  static JsonObject object(Map<String, String> values) {
    return new JsonObject(new LinkedHashMap<>(values));
  }
}
