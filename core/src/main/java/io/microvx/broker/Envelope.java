package io.microvx.broker;

import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * go-micro's JSON form of a broker message, {@code {"Header":{…},"Body":"<base64>"}} with the body in
 * standard base64 as Go's {@code encoding/json} writes {@code []byte}. The http broker adds the topic to
 * the headers as {@code ":topic"}; micro's proxy API sends messages without it.
 */
public final class Envelope {

  static final String TOPIC_HEADER = ":topic";

  private Envelope() {
  }

  /** A message read from JSON, and its topic when the envelope named one. */
  public record Decoded(String topic, Message message) {
  }

  /** The JSON of a message; with a topic, as the http broker sends it. */
  public static Buffer encode(String topic, Message message) {
    JsonObject header = new JsonObject();
    message.headers().forEach(header::put);
    if (topic != null) {
      header.put(TOPIC_HEADER, topic);
    }
    return new JsonObject()
      .put("Header", header)
      .put("Body", Base64.getEncoder().encodeToString(message.body().getBytes()))
      .toBuffer();
  }

  /** Reads an http broker envelope, which must name its topic; a 400 error says what is wrong with it. */
  static Decoded decode(Buffer buffer) {
    Decoded decoded = decodeMessage(buffer);
    if (decoded.topic() == null || decoded.topic().isEmpty()) {
      throw MicroException.badRequest("go.micro.broker", "the envelope names no :topic");
    }
    return decoded;
  }

  /** Reads a message's JSON, with or without a topic; a 400 error says what is wrong with it. */
  public static Decoded decodeMessage(Buffer buffer) {
    JsonObject json;
    try {
      json = buffer.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw MicroException.badRequest("go.micro.broker", "the delivery is not a JSON envelope");
    }
    Object header = json.getValue("Header");
    Map<String, String> headers = new HashMap<>();
    if (header instanceof JsonObject object) {
      object.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    } else if (header != null) {
      throw MicroException.badRequest("go.micro.broker", "the envelope's Header is not an object");
    }
    String topic = headers.remove(TOPIC_HEADER);
    byte[] body;
    Object encoded = json.getValue("Body");
    try {
      body = encoded == null ? new byte[0] : decodeBase64(String.valueOf(encoded));
    } catch (IllegalArgumentException e) {
      throw MicroException.badRequest("go.micro.broker", "the envelope's Body is not base64");
    }
    return new Decoded(topic, new Message(headers, Buffer.buffer(body)));
  }

  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return Base64.getUrlDecoder().decode(text);
    }
  }
}
