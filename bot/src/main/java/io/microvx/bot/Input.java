package io.microvx.bot;

import io.vertx.core.Future;

/**
 * A chat the bot listens to and answers in: Slack, XMPP, Telegram, a webhook. An input is made by its
 * {@link InputProvider}, started on the bot verticle's context, and hands every message addressed to the
 * bot to the {@link Conversation}, on that same context (an input whose library runs its own threads hops
 * back onto it), then sends the reply the way its chat wants (in the HTTP response, as a new message, in
 * the message's thread).
 */
public interface Input {

  /** The input's name, as in {@code --inputs}. */
  String name();

  /**
   * Connects (or starts listening) and begins handing messages to the conversation. Completes once
   * messages can arrive; fails in one clear line when the chat cannot be reached or refuses the
   * credentials.
   */
  Future<Void> start(Conversation conversation);

  /** Disconnects; no message is handed over afterwards. */
  Future<Void> stop();
}
