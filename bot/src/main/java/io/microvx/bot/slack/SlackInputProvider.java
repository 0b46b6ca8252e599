package io.microvx.bot.slack;

import io.microvx.bot.Input;
import io.microvx.bot.InputProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code slack}: a Slack app over Socket Mode (no public URL needed), answering with the Web API. */
public final class SlackInputProvider implements InputProvider {

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public Input create(Vertx vertx, JsonObject config) {
    return new SlackInput(vertx, new SlackOptions(config));
  }
}
