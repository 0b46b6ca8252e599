package io.microvx.config;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers options the way go-micro does, under its flag names ({@code registry}, {@code server_name},
 * {@code client_request_timeout}, …), into one flat JSON object. Later sources win: a Vert.x
 * {@code -conf} JSON, then {@code MICRO_*} environment variables ({@code MICRO_SERVER_NAME} is
 * {@code server_name}), then command-line flags ({@code --server_name=greeter} or
 * {@code --server_name greeter}; dashes and underscores alike).
 */
public final class MicroConfig {

  private static final String ENV_PREFIX = "MICRO_";

  private MicroConfig() {
  }

  /** Merges the three sources; any may be null. */
  public static JsonObject load(JsonObject conf, Map<String, String> env, List<String> args) {
    JsonObject merged = conf == null ? new JsonObject() : conf.copy();
    if (env != null) {
      merged.mergeIn(fromEnv(env));
    }
    if (args != null) {
      merged.mergeIn(fromFlags(args));
    }
    return merged;
  }

  /** {@code MICRO_REGISTRY_ADDRESS=x} → {@code {"registry_address":"x"}}; other variables are ignored. */
  public static JsonObject fromEnv(Map<String, String> env) {
    JsonObject json = new JsonObject();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        json.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT), value);
      }
    });
    return json;
  }

  /**
   * Flags: {@code --name=value}, {@code --name value}, or a bare {@code --name} (true). Arguments that are
   * not flags are an error, so typos do not pass unnoticed.
   */
  public static JsonObject fromFlags(List<String> args) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
        throw new IllegalArgumentException("unexpected argument \"" + arg + "\": options are --name=value");
      }
      String flag = arg.replaceFirst("^--?", "");
      String value;
      int eq = flag.indexOf('=');
      if (eq >= 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        value = "true";
      }
      json.put(flag.replace('-', '_').toLowerCase(Locale.ROOT), value);
    }
    return json;
  }
}
