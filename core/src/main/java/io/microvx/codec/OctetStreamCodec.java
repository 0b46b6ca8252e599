package io.microvx.codec;

import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;

import java.lang.reflect.Type;

final class OctetStreamCodec implements Codec {

  static final OctetStreamCodec INSTANCE = new OctetStreamCodec();

  @Override
  public String contentType() {
    return Codecs.OCTET_STREAM;
  }

  @Override
  public Buffer encode(Object message) {
    Buffer raw = RawBodies.encode(message);
    if (raw == null) {
      throw new MicroException("go.micro.codec",
        "application/octet-stream carries byte[] or Buffer, not " + message.getClass().getName(), 500);
    }
    return raw;
  }

  @Override
  public <T> T decode(Buffer body, Type type) {
    if (!RawBodies.isRaw(type)) {
      throw MicroException.badRequest("go.micro.codec",
        "application/octet-stream decodes into byte[] or Buffer, not %s", type.getTypeName());
    }
    return RawBodies.decode(body, type);
  }
}
