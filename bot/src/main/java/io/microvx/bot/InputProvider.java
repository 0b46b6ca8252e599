package io.microvx.bot;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Makes an {@link Input}; found by name through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.microvx.bot.InputProvider}), as the registry and broker plugins are.
 */
public interface InputProvider {

  /** The name people pick the input by, e.g. {@code slack}. */
  String name();

  /**
   * An input configured by the flat options ({@code <name>_<key>}, e.g. {@code telegram_token}, set as
   * {@code MICRO_TELEGRAM_TOKEN} or {@code --telegram_token}). Bad or missing options fail here with an
   * {@link IllegalArgumentException} naming the option. Nothing connects before {@link Input#start}.
   */
  Input create(Vertx vertx, JsonObject config);
}
