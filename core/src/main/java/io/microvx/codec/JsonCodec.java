package io.microvx.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;

final class JsonCodec implements Codec {

  static final JsonCodec INSTANCE = new JsonCodec();

  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final ObjectMapper mapper = Json.mapper();
  private final ConcurrentHashMap<Type, JavaType> types = new ConcurrentHashMap<>();

  @Override
  public String contentType() {
    return Codecs.JSON;
  }

  @Override
  public Buffer encode(Object message) {
    Buffer raw = RawBodies.encode(message);
    if (raw != null) {
      return raw;
    }
    try {
      return Buffer.buffer(mapper.writeValueAsBytes(message));
    } catch (IOException | RuntimeException e) {
      throw new MicroException("go.micro.codec",
        "cannot encode " + message.getClass().getName() + " as JSON: " + e.getMessage(), 500, e);
    }
  }

  @Override
  public <T> T decode(Buffer body, Type type) {
    if (RawBodies.isRaw(type)) {
      return RawBodies.decode(body, type);
    }
    // go-micro does not decode an empty body: the message keeps its zero value
    byte[] bytes = body.length() == 0 ? EMPTY_OBJECT : body.getBytes();
    try {
      return mapper.readValue(bytes, types.computeIfAbsent(type, mapper::constructType));
    } catch (IOException | RuntimeException e) {
      throw MicroException.badRequest("go.micro.codec", "invalid JSON for %s: %s",
        typeName(type), firstLine(e.getMessage()));
    }
  }

  private static String typeName(Type type) {
    return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
  }

  /** Jackson's messages run on with source excerpts; the first line says what went wrong. */
  private static String firstLine(String message) {
    if (message == null) {
      return "malformed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
