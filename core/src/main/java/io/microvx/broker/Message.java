package io.microvx.broker;

import io.vertx.core.buffer.Buffer;

import java.util.Map;

/**
 * A broker message, go-micro's {@code broker.Message}: string headers ({@code Content-Type},
 * {@code Micro-Topic}, {@code Micro-Id} and the publisher's metadata) and an encoded body.
 */
public record Message(Map<String, String> headers, Buffer body) {

  public Message {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? Buffer.buffer() : body;
  }

  public String header(String name) {
    String value = headers.get(name);
    if (value == null) {
      for (Map.Entry<String, String> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue();
        }
      }
    }
    return value;
  }
}
