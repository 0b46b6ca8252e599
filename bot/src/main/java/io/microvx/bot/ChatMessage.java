package io.microvx.bot;

import java.util.Objects;

/**
 * A message an input heard, addressed to the bot: the command text (mention or prefix already taken off),
 * who said it and where. {@code userId} is the chat's stable id for the user (a Slack member id, a Telegram
 * user id, a bare JID), {@code userName} the name people see; the allow-list matches either.
 *
 * @param input    the input's name, e.g. {@code webhook}
 * @param userId   the chat's id for the sender
 * @param userName the sender's display or account name (may equal the id)
 * @param room     where it was said (channel, chat or room id), or the user's own id in a direct chat
 * @param text     the command, e.g. {@code list services}
 */
public record ChatMessage(String input, String userId, String userName, String room, String text) {

  public ChatMessage {
    Objects.requireNonNull(input, "input");
    userId = userId == null ? "" : userId;
    userName = userName == null || userName.isEmpty() ? userId : userName;
    room = room == null ? "" : room;
    text = text == null ? "" : text.strip();
  }
}
