package io.microvx.bot;

import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Text for chat: failures as one line, JSON pretty-printed, long answers cut with a note. */
final class Chat {

  private Chat() {
  }

  /** A failure as the one line people see: a service's error detail and code, or what went wrong. */
  static String oneLine(Throwable failure) {
    if (failure instanceof MicroException e) {
      String detail = e.detail() == null || e.detail().isEmpty() ? e.status() : e.detail();
      return "error: " + firstLine(detail) + (e.code() > 0 ? " (" + e.code() + ")" : "");
    }
    String message = failure.getMessage();
    return "error: " + (message == null ? failure.getClass().getSimpleName() : firstLine(message));
  }

  static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  static String shorten(String text, int max) {
    String line = firstLine(text);
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }

  /** A reply body as indented JSON when it is JSON, otherwise as text. */
  static String prettyJson(Buffer body) {
    String text = body.toString().trim();
    try {
      if (text.startsWith("[")) {
        return new JsonArray(text).encodePrettily();
      }
      return text.isEmpty() ? "{}" : new JsonObject(text).encodePrettily();
    } catch (DecodeException | ClassCastException e) {
      return text;
    }
  }

  /**
   * The reply cut to {@code max} characters (at a line end where one is near), with a note saying how much
   * was left out, so a chat never gets a wall of text.
   */
  static Reply bound(Reply reply, int max) {
    String text = reply.text();
    if (text.length() <= max) {
      return reply;
    }
    String note = "\n… " + "%d more characters left out (micro on the command line shows all of it)";
    int keep = max - note.length() - 8;
    int lineEnd = text.lastIndexOf('\n', keep);
    int cut = lineEnd > keep / 2 ? lineEnd : keep;
    return new Reply(text.substring(0, cut) + String.format(note, text.length() - cut), reply.preformatted());
  }
}
