package io.microvx.codec;

import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;

import java.lang.reflect.Type;

final class ProtobufCodec implements Codec {

  static final ProtobufCodec INSTANCE = new ProtobufCodec();

  /** Null when protobuf-java is not on the class path: then only raw bodies are spoken. */
  private static final ProtobufMessages MESSAGES = ProtobufMessages.ifAvailable();

  @Override
  public String contentType() {
    return Codecs.PROTOBUF;
  }

  @Override
  public Buffer encode(Object message) {
    Buffer raw = RawBodies.encode(message);
    if (raw != null) {
      return raw;
    }
    if (message instanceof ProtobufWritable writable) {
      return writable.toProtobuf();
    }
    if (MESSAGES != null && MESSAGES.isMessage(message.getClass())) {
      return MESSAGES.encode(message);
    }
    throw new MicroException("go.micro.codec", "application/protobuf cannot encode " + message.getClass().getName()
      + ": use a generated protobuf message, byte[] or Buffer, or call with application/json", 500);
  }

  @Override
  public <T> T decode(Buffer body, Type type) {
    if (RawBodies.isRaw(type)) {
      return RawBodies.decode(body, type);
    }
    if (MESSAGES != null && type instanceof Class<?> c && MESSAGES.isMessage(c)) {
      return MESSAGES.decode(body, c);
    }
    throw MicroException.badRequest("go.micro.codec",
      "application/protobuf cannot decode into %s: this endpoint takes application/json", type.getTypeName());
  }
}
