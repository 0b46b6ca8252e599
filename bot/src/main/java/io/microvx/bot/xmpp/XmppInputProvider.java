package io.microvx.bot.xmpp;

import io.microvx.bot.Input;
import io.microvx.bot.InputProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code xmpp}: one-to-one chats and multi-user rooms over XMPP, with Smack. */
public final class XmppInputProvider implements InputProvider {

  @Override
  public String name() {
    return "xmpp";
  }

  @Override
  public Input create(Vertx vertx, JsonObject config) {
    return new XmppInput(vertx, new XmppOptions(config));
  }
}
