package io.microvx.bot;

/**
 * The bot's answer to a message. {@code preformatted} answers (tables, JSON) are shown in a monospace
 * block where the chat has one; an input may send the text as it is where it has none.
 *
 * @param text         the answer, already bounded to the bot's {@code bot_max_output}
 * @param preformatted whether it is a table or JSON, best shown monospace
 */
public record Reply(String text, boolean preformatted) {

  public Reply {
    text = text == null ? "" : text;
  }

  /** Plain text. */
  public static Reply text(String text) {
    return new Reply(text, false);
  }

  /** A table or JSON. */
  public static Reply block(String text) {
    return new Reply(text, true);
  }

  /** The text in a Markdown code fence when preformatted (Slack, Mattermost, Rocket.Chat show it monospace). */
  public String markdown() {
    return preformatted ? "```\n" + text + "\n```" : text;
  }
}
