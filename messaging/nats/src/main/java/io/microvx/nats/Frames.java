package io.microvx.nats;

import io.microvx.transport.Message;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

import java.util.Base64;

/**
 * The NATS transport's frame, as go-micro's (go-plugins') NATS transport writes it: one NATS message per
 * transport message, the JSON of {@code transport.Message}: {@code {"Header":{…},"Body":"<base64>"}}, one
 * value per header (the first), no NATS headers.
 */
final class Frames {

  private Frames() {
  }

  static byte[] encode(Message message) {
    JsonObject header = new JsonObject();
    for (String name : message.headers().names()) {
      header.put(name, message.headers().get(name));
    }
    return new JsonObject()
      .put("Header", header)
      .put("Body", Base64.getEncoder().encodeToString(message.body().getBytes()))
      .toBuffer().getBytes();
  }

  /** The message; an {@link IllegalArgumentException} when the bytes are not a frame. */
  static Message decode(byte[] data) {
    JsonObject json;
    try {
      json = new JsonObject(Buffer.buffer(data));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a JSON transport message");
    }
    MultiMap headers = HttpHeaders.headers();
    Object header = json.getValue("Header");
    if (header instanceof JsonObject object) {
      object.forEach(e -> headers.set(e.getKey(), String.valueOf(e.getValue())));
    } else if (header != null) {
      throw new IllegalArgumentException("the transport message's Header is not an object");
    }
    Object body = json.getValue("Body");
    byte[] bytes = body == null ? new byte[0] : Base64.getDecoder().decode(String.valueOf(body));
    return new Message(headers, Buffer.buffer(bytes));
  }
}
