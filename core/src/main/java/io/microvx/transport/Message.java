package io.microvx.transport;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

/**
 * What a transport moves: headers and a body, go-micro's {@code transport.Message}. Headers are a
 * case-insensitive {@link MultiMap}; {@link #header(String)} reads a {@code Micro-*} header or, failing
 * that, its {@code X-Micro-*} twin, as go-micro servers do.
 */
public final class Message {

  private final MultiMap headers;
  private final Buffer body;

  public Message(MultiMap headers, Buffer body) {
    this.headers = headers;
    this.body = body == null ? Buffer.buffer() : body;
  }

  /** A message with fresh, empty headers. */
  public static Message of(Buffer body) {
    return new Message(HttpHeaders.headers(), body);
  }

  public MultiMap headers() {
    return headers;
  }

  public Buffer body() {
    return body;
  }

  /** A header's first value; for {@code Micro-X}, {@code X-Micro-X} is read when {@code Micro-X} is absent. */
  public String header(String name) {
    String value = headers.get(name);
    if (value == null && name.startsWith("Micro-")) {
      value = headers.get(Headers.twin(name));
    }
    return value;
  }

  public Message header(String name, String value) {
    headers.set(name, value);
    return this;
  }
}
