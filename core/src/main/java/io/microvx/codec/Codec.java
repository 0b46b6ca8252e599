package io.microvx.codec;

import io.vertx.core.buffer.Buffer;

import java.lang.reflect.Type;

/**
 * Turns message objects into bytes and back for one content type, as go-micro's codecs do.
 *
 * <p>Every codec passes {@link Buffer} and {@code byte[]} through untouched, so a handler or caller that
 * wants the raw body can always have it. Encoding failures are the sender's fault and fail with a 500
 * {@link io.microvx.errors.MicroException}; decoding failures are the peer's and fail with a 400.
 */
public interface Codec {

  /** The content type this codec reads and writes, e.g. {@code application/json}. */
  String contentType();

  /** Encodes a message; null encodes as an empty body. */
  Buffer encode(Object message);

  /** Decodes a body into the given type (a {@code Class} or a parameterized type). */
  <T> T decode(Buffer body, Type type);

  /** {@code application/json}: bare JSON as go-micro writes it, read with Jackson, unknown fields ignored. */
  static Codec json() {
    return JsonCodec.INSTANCE;
  }

  /**
   * {@code application/protobuf}: raw bytes, generated {@code com.google.protobuf.Message} types when
   * protobuf-java is on the class path, and {@link ProtobufWritable} values.
   */
  static Codec protobuf() {
    return ProtobufCodec.INSTANCE;
  }

  /** {@code application/octet-stream}: raw bytes only. */
  static Codec octetStream() {
    return OctetStreamCodec.INSTANCE;
  }
}
