package io.microvx.bot;

import io.vertx.core.Future;

/**
 * What an input hands each message to: the bot's command dispatcher. The answer comes back on the
 * context of the caller; it never fails (a failed command is a reply saying so).
 */
@FunctionalInterface
public interface Conversation {

  /** The bot's reply to the message. */
  Future<Reply> answer(ChatMessage message);
}
