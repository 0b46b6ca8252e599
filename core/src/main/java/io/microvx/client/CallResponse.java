package io.microvx.client;

import io.microvx.transport.Headers;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A node's successful reply: headers and the still-encoded body. */
public record CallResponse(MultiMap headers, Buffer body) {

  /** The reply's content type, or null. */
  public String contentType() {
    return headers.get(Headers.CONTENT_TYPE);
  }
}
