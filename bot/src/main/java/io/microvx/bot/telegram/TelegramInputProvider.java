package io.microvx.bot.telegram;

import io.microvx.bot.Input;
import io.microvx.bot.InputProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code telegram}: a Telegram bot over the Bot HTTP API, with long polling (no inbound port needed). */
public final class TelegramInputProvider implements InputProvider {

  @Override
  public String name() {
    return "telegram";
  }

  @Override
  public Input create(Vertx vertx, JsonObject config) {
    return new TelegramInput(vertx, new TelegramOptions(config));
  }
}
