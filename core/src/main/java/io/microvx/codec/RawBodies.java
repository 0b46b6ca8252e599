package io.microvx.codec;

import io.vertx.core.buffer.Buffer;

import java.lang.reflect.Type;

/** The pass-through every codec shares: {@link Buffer} and {@code byte[]} go over the wire untouched. */
final class RawBodies {

  private RawBodies() {
  }

  /** The message as raw bytes, or null when it is not raw. */
  static Buffer encode(Object message) {
    if (message == null) {
      return Buffer.buffer();
    }
    if (message instanceof Buffer buffer) {
      return buffer;
    }
    if (message instanceof byte[] bytes) {
      return Buffer.buffer(bytes);
    }
    return null;
  }

  static boolean isRaw(Type type) {
    return type == Buffer.class || type == byte[].class;
  }

  @SuppressWarnings("unchecked")
  static <T> T decode(Buffer body, Type type) {
    return (T) (type == Buffer.class ? body : body.getBytes());
  }
}
