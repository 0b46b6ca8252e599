package io.microvx.server;

import com.google.protobuf.Descriptors;
import io.microvx.registry.Value;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a generated protobuf message, from its descriptor (field names as JSON writes them, Go's
 * type names), rather than from its Java getters. Only loaded when protobuf-java is on the class path.
 */
final class ProtobufShapes {

  private ProtobufShapes() {
  }

  static boolean isMessage(Class<?> type) {
    return com.google.protobuf.Message.class.isAssignableFrom(type);
  }

  static Value describe(Class<?> type, int maxDepth) {
    try {
      Method getDescriptor = type.getMethod("getDescriptor");
      Descriptors.Descriptor descriptor = (Descriptors.Descriptor) getDescriptor.invoke(null);
      return new Value(descriptor.getName(), descriptor.getName(), fields(descriptor, 1, maxDepth));
    } catch (ReflectiveOperationException | ClassCastException e) {
      return new Value(type.getSimpleName(), type.getSimpleName());
    }
  }

  private static List<Value> fields(Descriptors.Descriptor descriptor, int depth, int maxDepth) {
    if (depth > maxDepth) {
      return List.of();
    }
    List<Value> values = new ArrayList<>();
    for (Descriptors.FieldDescriptor field : descriptor.getFields()) {
      String type = typeName(field);
      List<Value> nested = field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE && !field.isMapField()
        ? fields(field.getMessageType(), depth + 1, maxDepth) : List.of();
      values.add(new Value(field.getJsonName(), field.isRepeated() && !field.isMapField() ? "[]" + type : type, nested));
    }
    return values;
  }

  private static String typeName(Descriptors.FieldDescriptor field) {
    if (field.isMapField()) {
      Descriptors.Descriptor entry = field.getMessageType();
      return "map[" + typeName(entry.findFieldByNumber(1)) + "]" + typeName(entry.findFieldByNumber(2));
    }
    return switch (field.getType()) {
      case MESSAGE, GROUP -> field.getMessageType().getName();
      case ENUM -> field.getEnumType().getName();
      case BYTES -> "[]byte";
      case DOUBLE -> "float64";
      case FLOAT -> "float32";
      case SINT32, SFIXED32 -> "int32";
      case SINT64, SFIXED64 -> "int64";
      case FIXED32 -> "uint32";
      case FIXED64 -> "uint64";
      default -> field.getType().name().toLowerCase(Locale.ROOT);
    };
  }
}
