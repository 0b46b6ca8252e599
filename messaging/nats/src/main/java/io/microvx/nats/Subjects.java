package io.microvx.nats;

import io.microvx.errors.MicroException;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Topics as NATS subjects, and names of JetStream streams and consumers made from them. */
final class Subjects {

  private Subjects() {
  }

  /**
   * Null when the topic is a literal subject, else why it is not: a topic is a name, never a pattern, so
   * NATS wildcard tokens ({@code *}, {@code >}) are refused rather than escaped (escaping would change
   * the subject a go-micro subscriber listens on).
   */
  static String problem(String topic) {
    if (topic == null || topic.isBlank()) {
      return "a topic is needed";
    }
    for (int i = 0; i < topic.length(); i++) {
      if (Character.isWhitespace(topic.charAt(i))) {
        return "a NATS subject cannot hold white space: " + topic;
      }
    }
    // token by token without splitting: every publication passes here
    int start = 0;
    for (int i = 0; i <= topic.length(); i++) {
      if (i < topic.length() && topic.charAt(i) != '.') {
        continue;
      }
      if (i == start) {
        return "a NATS subject cannot have an empty token: " + topic;
      }
      char only = topic.charAt(start);
      if (i == start + 1 && (only == '*' || only == '>')) {
        return "the topic " + topic + " holds the NATS wildcard " + only + "; topics are literal names";
      }
      start = i + 1;
    }
    return null;
  }

  /** A 400 when the topic cannot be a subject. */
  static MicroException refused(String id, String topic) {
    String problem = problem(topic);
    return problem == null ? null : MicroException.badRequest(id, "%s", problem);
  }

  /**
   * A JetStream name (streams, consumers) made of the text: letters, digits, {@code _} and {@code -} kept,
   * anything else {@code _}, and a checksum of the original added when something was replaced, so that
   * {@code a.b} and {@code a_b} stay apart.
   */
  static String name(String prefix, String text) {
    StringBuilder out = new StringBuilder(prefix);
    boolean changed = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
        out.append(c);
      } else {
        out.append('_');
        changed = true;
      }
    }
    if (changed) {
      CRC32 crc = new CRC32();
      crc.update(text.getBytes(StandardCharsets.UTF_8));
      out.append('_').append(Long.toHexString(crc.getValue()));
    }
    return out.toString();
  }
}
