package io.microvx.broker;

import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads the envelope in the one form go-micro (and {@link Envelope#encodeBytes}) writes it, compact JSON
 * {@code {"Header":{"k":"v",…},"Body":"<base64>"}} whose strings are printable ASCII without escapes,
 * straight from the bytes. Anything else — white space, another field order, escapes, non-ASCII text,
 * a null header — is left to {@link Envelope}'s parser, which gives the same answer more slowly.
 *
 * <p>Written by hand because the broker profiles showed the general parser as the largest cost of
 * receiving a message: a String per header and per body, and a map copied twice.
 */
final class CompactEnvelope {

  private static final byte[] BODY_OPEN = ",\"Body\":\"".getBytes(StandardCharsets.US_ASCII);

  private CompactEnvelope() {
  }

  /** The envelope, or null when the bytes are not in the compact form (or not an envelope at all). */
  static Envelope.Decoded read(byte[] b) {
    if (!startsWith(b, 0, Envelope.HEADER_OPEN)) {
      return null;
    }
    int i = Envelope.HEADER_OPEN.length;
    List<Map.Entry<String, String>> headers = new ArrayList<>(4);
    String topic = null;
    if (at(b, i) != '}') {
      while (true) {
        int nameEnd = stringEnd(b, i);
        if (nameEnd < 0 || at(b, nameEnd + 1) != ':') {
          return null;
        }
        int valueEnd = stringEnd(b, nameEnd + 2);
        if (valueEnd < 0) {
          return null;
        }
        String name = text(b, i + 1, nameEnd);
        String value = text(b, nameEnd + 3, valueEnd);
        if (Envelope.TOPIC_HEADER.equals(name)) {
          topic = value;
        } else {
          headers.add(Map.entry(name, value));
        }
        i = valueEnd + 1;
        if (at(b, i) == ',') {
          i++;
        } else if (at(b, i) == '}') {
          break;
        } else {
          return null;
        }
      }
    }
    i++;
    if (!startsWith(b, i, BODY_OPEN)) {
      return null;
    }
    // the body closes the envelope, and the decoder refuses any byte that is not base64 (a quote included)
    int bodyStart = i + BODY_OPEN.length;
    int bodyEnd = b.length - 2;
    if (bodyEnd < bodyStart || b[bodyEnd] != '"' || b[bodyEnd + 1] != '}') {
      return null;
    }
    byte[] body = base64(b, bodyStart, bodyEnd);
    Map<String, String> map = map(headers);
    return body == null || map == null ? null : new Envelope.Decoded(topic, new Message(map, Buffer.buffer(body)));
  }

  /** Immutable, so that {@link Message} need not copy it; null on a repeated name (the parser keeps the last). */
  @SuppressWarnings("unchecked")
  private static Map<String, String> map(List<Map.Entry<String, String>> headers) {
    try {
      return Map.ofEntries(headers.toArray(new Map.Entry[0]));
    } catch (IllegalArgumentException repeated) {
      return null;
    }
  }

  /** Standard base64 as Go writes {@code []byte}, or the URL alphabet; null when it is neither. */
  private static byte[] base64(byte[] b, int from, int to) {
    try {
      return bytes(Base64.getDecoder().decode(ByteBuffer.wrap(b, from, to - from)));
    } catch (IllegalArgumentException notStandard) {
      try {
        return bytes(Base64.getUrlDecoder().decode(ByteBuffer.wrap(b, from, to - from)));
      } catch (IllegalArgumentException notBase64) {
        return null;
      }
    }
  }

  private static byte[] bytes(ByteBuffer decoded) {
    byte[] array = decoded.array();
    return decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining());
  }

  /** Where the string opening at {@code quote} closes; -1 unless it is printable ASCII without escapes. */
  private static int stringEnd(byte[] b, int quote) {
    if (at(b, quote) != '"') {
      return -1;
    }
    for (int j = quote + 1; j < b.length; j++) {
      byte c = b[j];
      if (c == '"') {
        return j;
      }
      if (c == '\\' || c < 0x20) { // an escape, a control character, or (negative) a byte of non-ASCII text
        return -1;
      }
    }
    return -1;
  }

  private static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static int at(byte[] b, int i) {
    return i < b.length ? b[i] : -1;
  }

  private static boolean startsWith(byte[] b, int from, byte[] prefix) {
    if (b.length - from < prefix.length) {
      return false;
    }
    for (int j = 0; j < prefix.length; j++) {
      if (b[from + j] != prefix[j]) {
        return false;
      }
    }
    return true;
  }
}
