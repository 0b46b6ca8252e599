package io.microvx.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The toolkit's Jackson mapper: lenient on input (unknown fields are ignored, as a newer peer may add
 * some), Vert.x {@link JsonObject} and {@link JsonArray} understood, {@code byte[]} as standard base64 the
 * way Go's {@code encoding/json} writes it.
 */
public final class Json {

  private static final ObjectMapper MAPPER = createMapper();

  private Json() {
  }

  /** The shared mapper. Configure a copy ({@code mapper().copy()}) rather than this one. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper createMapper() {
    SimpleModule vertxTypes = new SimpleModule("microvx-vertx-json")
      .addSerializer(JsonObject.class, new JsonSerializer<>() {
        @Override
        public void serialize(JsonObject value, JsonGenerator gen, SerializerProvider provider) throws IOException {
          gen.writeObject(value.getMap());
        }
      })
      .addSerializer(JsonArray.class, new JsonSerializer<>() {
        @Override
        public void serialize(JsonArray value, JsonGenerator gen, SerializerProvider provider) throws IOException {
          gen.writeObject(value.getList());
        }
      })
      .addDeserializer(JsonObject.class, new JsonDeserializer<>() {
        @Override
        @SuppressWarnings("unchecked")
        public JsonObject deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
          return new JsonObject((Map<String, Object>) p.readValueAs(Map.class));
        }
      })
      .addDeserializer(JsonArray.class, new JsonDeserializer<>() {
        @Override
        public JsonArray deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
          return new JsonArray(p.readValueAs(List.class));
        }
      });
    return new ObjectMapper()
      .registerModule(vertxTypes)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
