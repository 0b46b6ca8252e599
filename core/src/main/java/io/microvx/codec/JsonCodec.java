package io.microvx.codec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
      // the class and Jackson's words describe this process: the log has them (the cause), the caller not
      throw new MicroException("go.micro.codec", "cannot encode the reply as JSON", 500, e);
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
      throw MicroException.badRequest("go.micro.codec", "invalid JSON for %s: %s", typeName(type), problem(e));
    }
  }

  /**
   * What is wrong with the JSON, in the caller's terms: where the syntax broke, or which field has the
   * wrong type. Jackson's own messages name Java types and classes; they are not passed on.
   */
  private static String problem(Exception e) {
    if (e instanceof JsonParseException parse && parse.getLocation() != null) {
      return "malformed at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field " + printable(unknown.getPropertyName());
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(printable(ref.getFieldName()));
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
      return path.length() == 0 ? "a value has the wrong type" : "field " + path + " has the wrong type or shape";
    }
    if (e instanceof JsonProcessingException) {
      return "not a JSON value of the expected shape";
    }
    return "malformed";
  }

  private static String printable(String name) {
    String cut = name == null ? "" : name.length() > 64 ? name.substring(0, 64) + "…" : name;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static String typeName(Type type) {
    return type instanceof Class<?> c ? c.getSimpleName() : "the request";
  }

}
