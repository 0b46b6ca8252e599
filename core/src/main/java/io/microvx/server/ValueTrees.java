package io.microvx.server;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.microvx.codec.Json;
import io.microvx.registry.Value;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Describes message types as go-micro's registry {@link Value} trees, field names as the JSON codec
 * writes them and type names as Go would print them ({@code string}, {@code int64}, {@code []string},
 * {@code map[string]int32}), three levels deep at most, as go-micro's extractor does.
 */
final class ValueTrees {

  private static final int MAX_DEPTH = 3;
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final boolean PROTOBUF = isPresent("com.google.protobuf.Message");

  private ValueTrees() {
  }

  /** The top-level value of a request or response type: named after the type, fields as values. */
  static Value describe(Type type) {
    if (type == Void.class || type == void.class) {
      return null;
    }
    JavaType javaType = MAPPER.constructType(type);
    if (PROTOBUF && ProtobufShapes.isMessage(javaType.getRawClass())) {
      return ProtobufShapes.describe(javaType.getRawClass(), MAX_DEPTH);
    }
    String name = typeName(javaType);
    return new Value(name, name, fields(javaType, 1));
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, ValueTrees.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static Value field(String name, JavaType type, int depth) {
    return new Value(name, typeName(type), fields(type, depth + 1));
  }

  private static List<Value> fields(JavaType type, int depth) {
    if (depth > MAX_DEPTH) {
      return List.of();
    }
    JavaType element = type.isCollectionLikeType() || type.isArrayType() ? type.getContentType() : type;
    if (element == null || isScalar(element) || element.isMapLikeType() || element.isCollectionLikeType()
      || element.getRawClass() == Object.class || element.isEnumType()) {
      return List.of();
    }
    BeanDescription bean = MAPPER.getSerializationConfig().introspect(element);
    List<Value> values = new ArrayList<>();
    for (BeanPropertyDefinition property : bean.findProperties()) {
      if (property.couldSerialize()) {
        values.add(field(property.getName(), property.getPrimaryType(), depth));
      }
    }
    return values;
  }

  private static boolean isScalar(JavaType type) {
    Class<?> raw = type.getRawClass();
    return type.isPrimitive() || raw == String.class || Number.class.isAssignableFrom(raw) || raw == Boolean.class
      || raw == Character.class || raw == byte[].class || raw == Buffer.class || raw == JsonObject.class
      || raw == JsonArray.class || raw == UUID.class || Temporal.class.isAssignableFrom(raw)
      || raw == BigDecimal.class || raw == BigInteger.class;
  }

  static String typeName(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == byte[].class || raw == Buffer.class) {
      return "[]byte";
    }
    if (type.isArrayType() || type.isCollectionLikeType()) {
      JavaType content = type.getContentType();
      return "[]" + (content == null ? "interface {}" : typeName(content));
    }
    if (type.isMapLikeType()) {
      return "map[" + typeName(type.getKeyType()) + "]" + typeName(type.getContentType());
    }
    if (raw == JsonObject.class) {
      return "map[string]interface {}";
    }
    if (raw == JsonArray.class) {
      return "[]interface {}";
    }
    if (raw == String.class || raw == char.class || raw == Character.class || type.isEnumType() || raw == UUID.class
      || Temporal.class.isAssignableFrom(raw) || raw == BigDecimal.class || raw == BigInteger.class) {
      return "string";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "bool";
    }
    if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class || raw == byte.class
      || raw == Byte.class) {
      return "int32";
    }
    if (raw == long.class || raw == Long.class) {
      return "int64";
    }
    if (raw == float.class || raw == Float.class) {
      return "float32";
    }
    if (raw == double.class || raw == Double.class) {
      return "float64";
    }
    if (raw == Object.class) {
      return "interface {}";
    }
    if (Map.class.isAssignableFrom(raw)) {
      return "map[string]interface {}";
    }
    return raw.getSimpleName();
  }
}
