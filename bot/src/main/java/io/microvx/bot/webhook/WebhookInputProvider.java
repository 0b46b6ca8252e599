package io.microvx.bot.webhook;

import io.microvx.bot.Input;
import io.microvx.bot.InputProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code webhook}: Mattermost and Rocket.Chat outgoing webhooks and slash commands over plain HTTP. */
public final class WebhookInputProvider implements InputProvider {

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public Input create(Vertx vertx, JsonObject config) {
    return new WebhookInput(vertx, new WebhookOptions(config));
  }
}
