package io.microvx.broker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.microvx.codec.Json;
import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * go-micro's JSON form of a broker message, {@code {"Header":{…},"Body":"<base64>"}} with the body in
 * standard base64 as Go's {@code encoding/json} writes {@code []byte}. The http broker adds the topic to
 * the headers as {@code ":topic"}; micro's proxy API sends messages without it. Written and read with
 * Jackson's streaming API: every message a broker carries passes through here twice.
 */
public final class Envelope {

  static final String TOPIC_HEADER = ":topic";
  /** Where go-micro v5's http broker keeps the topic (v1 publishers set it too, beside {@code :topic}). */
  static final String MICRO_TOPIC = "Micro-Topic";
  private static final JsonFactory JSON = Json.mapper().getFactory();
  static final byte[] HEADER_OPEN = "{\"Header\":{".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY_OPEN = "},\"Body\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY_CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);

  private Envelope() {
  }

  /** A message read from JSON, and its topic when the envelope named one. */
  public record Decoded(String topic, Message message) {
  }

  /** The JSON of a message; with a topic, as the http broker sends it. */
  public static Buffer encode(String topic, Message message) {
    return Buffer.buffer(encodeBytes(topic, message));
  }

  /** {@link #encode} as bytes, for brokers whose clients take arrays. */
  public static byte[] encodeBytes(String topic, Message message) {
    // written by hand: a generator per message cost more than the message (the NATS broker's profile)
    byte[] raw = message.body().getBytes();
    boolean microTopic = topic != null && !message.headers().containsKey(MICRO_TOPIC);
    byte[] plain = plain(topic, microTopic, message.headers(), raw);
    if (plain != null) {
      return plain;
    }
    byte[] body = Base64.getEncoder().encode(raw); // Go's StdEncoding
    ByteArrayBuilder out = new ByteArrayBuilder(body.length + 64 + 48 * message.headers().size());
    out.write(HEADER_OPEN);
    boolean first = true;
    for (Map.Entry<String, String> header : message.headers().entrySet()) {
      first = field(out, first, header.getKey(), header.getValue());
    }
    if (topic != null) {
      first = field(out, first, TOPIC_HEADER, topic);
      // go-micro v5 receivers read the topic only from Micro-Topic
      if (microTopic) {
        field(out, first, MICRO_TOPIC, topic);
      }
    }
    out.write(BODY_OPEN);
    out.write(body);
    out.write(BODY_CLOSE);
    return out.toByteArray();
  }

  /**
   * The common case, every header printable ASCII with nothing to escape, written in one pass straight
   * into an array of the right size, the body's base64 included; null when some header needs escaping.
   */
  private static byte[] plain(String topic, boolean microTopic, Map<String, String> headers, byte[] raw) {
    int fields = headers.size() + (topic == null ? 0 : microTopic ? 2 : 1);
    String[] texts = new String[2 * fields]; // names and values, read once from the map
    int n = 0;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      texts[n++] = header.getKey();
      texts[n++] = header.getValue();
    }
    if (topic != null) {
      texts[n++] = TOPIC_HEADER;
      texts[n++] = topic;
      if (microTopic) {
        texts[n++] = MICRO_TOPIC;
        texts[n++] = topic;
      }
    }
    int size = HEADER_OPEN.length + BODY_OPEN.length + Base64Writer.length(raw.length) + BODY_CLOSE.length;
    for (int i = 0; i < n; i += 2) {
      int field = fieldSize(texts[i], texts[i + 1]);
      if (field < 0) {
        return null;
      }
      size += field;
    }
    byte[] out = new byte[size - (fields == 0 ? 0 : 1)]; // one comma fewer than fields
    int at = put(out, 0, HEADER_OPEN);
    for (int i = 0; i < n; i += 2) {
      at = putField(out, at, texts[i], texts[i + 1]);
    }
    at = put(out, fields == 0 ? at : at - 1, BODY_OPEN); // over the last field's comma
    at = Base64Writer.write(raw, out, at);
    put(out, at, BODY_CLOSE);
    return out;
  }

  /** {@code "name":"value",}'s length, or -1 when either needs escaping. */
  private static int fieldSize(String name, String value) {
    return plain(name) && plain(value) ? name.length() + value.length() + 6 : -1;
  }

  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static int putField(byte[] out, int at, String name, String value) {
    at = putQuoted(out, at, name);
    out[at++] = ':';
    at = putQuoted(out, at, value);
    out[at++] = ',';
    return at;
  }

  private static int putQuoted(byte[] out, int at, String text) {
    out[at++] = '"';
    for (int i = 0; i < text.length(); i++) {
      out[at++] = (byte) text.charAt(i);
    }
    out[at++] = '"';
    return at;
  }

  private static int put(byte[] out, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return at + bytes.length;
  }

  private static boolean field(ByteArrayBuilder out, boolean first, String name, String value) {
    if (!first) {
      out.append(',');
    }
    quoted(out, name);
    out.append(':');
    quoted(out, value);
    return false;
  }

  private static void quoted(ByteArrayBuilder out, String text) {
    out.append('"');
    out.write(JsonStringEncoder.getInstance().quoteAsUTF8(text));
    out.append('"');
  }

  /**
   * Reads an http broker envelope, which must name its topic ({@code :topic}, or {@code Micro-Topic} alone
   * as go-micro v5 sends it); a 400 error says what is wrong with it.
   */
  static Decoded decode(Buffer buffer) {
    Decoded decoded = decodeMessage(buffer);
    if (decoded.topic() == null && decoded.message().headers().get(MICRO_TOPIC) != null) {
      decoded = new Decoded(decoded.message().headers().get(MICRO_TOPIC), decoded.message());
    }
    if (decoded.topic() == null || decoded.topic().isEmpty()) {
      throw MicroException.badRequest("go.micro.broker", "the envelope names no :topic");
    }
    return decoded;
  }

  /** Reads a message's JSON, with or without a topic; a 400 error says what is wrong with it. */
  public static Decoded decodeMessage(Buffer buffer) {
    return decodeMessage(buffer.getBytes());
  }

  /** {@link #decodeMessage(Buffer)} from bytes. */
  public static Decoded decodeMessage(byte[] bytes) {
    Decoded compact = CompactEnvelope.read(bytes);
    return compact != null ? compact : parse(bytes);
  }

  /** The general reader: any JSON form of the envelope. */
  static Decoded parse(byte[] bytes) {
    Map<String, String> headers = new HashMap<>();
    byte[] body = new byte[0];
    try (JsonParser json = JSON.createParser(bytes)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw notAnEnvelope();
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if ("Header".equals(field)) {
          readHeaders(json, value, headers);
        } else if ("Body".equals(field)) {
          body = value == JsonToken.VALUE_NULL ? new byte[0] : body(json);
        } else {
          json.skipChildren();
        }
      }
      if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
        throw notAnEnvelope();
      }
    } catch (IOException e) {
      throw notAnEnvelope();
    }
    String topic = headers.remove(TOPIC_HEADER);
    return new Decoded(topic, new Message(headers, Buffer.buffer(body)));
  }

  private static void readHeaders(JsonParser json, JsonToken value, Map<String, String> headers) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return; // go-micro writes a nil header map as null
    }
    if (value != JsonToken.START_OBJECT) {
      throw MicroException.badRequest("go.micro.broker", "the envelope's Header is not an object");
    }
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken token = json.nextToken();
      // a value that is not a string is kept as its JSON text, as a lenient reader of Go's map[string]string
      headers.put(name, token.isStructStart() ? json.readValueAsTree().toString() : json.getText());
    }
  }

  private static byte[] body(JsonParser json) throws IOException {
    String text = json.getText();
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException notBase64) {
        throw MicroException.badRequest("go.micro.broker", "the envelope's Body is not base64");
      }
    }
  }

  private static MicroException notAnEnvelope() {
    return MicroException.badRequest("go.micro.broker", "the delivery is not a JSON envelope");
  }
}
