package io.microvx.codec;

import io.microvx.errors.MicroException;
import io.vertx.core.buffer.Buffer;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generated protobuf message support, touched only when protobuf-java is on the class path (it is an
 * optional dependency): classes are checked by name and parsed through their generated
 * {@code parseFrom(byte[])}.
 */
final class ProtobufMessages {

  private final Class<?> messageType;
  private final Method toByteArray;
  private final ConcurrentHashMap<Class<?>, Method> parsers = new ConcurrentHashMap<>();

  private ProtobufMessages(Class<?> messageType) throws NoSuchMethodException {
    this.messageType = messageType;
    this.toByteArray = messageType.getMethod("toByteArray");
  }

  static ProtobufMessages ifAvailable() {
    try {
      return new ProtobufMessages(Class.forName("com.google.protobuf.Message", false, ProtobufMessages.class.getClassLoader()));
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return null;
    }
  }

  boolean isMessage(Class<?> type) {
    return messageType.isAssignableFrom(type);
  }

  Buffer encode(Object message) {
    try {
      return Buffer.buffer((byte[]) toByteArray.invoke(message));
    } catch (ReflectiveOperationException e) {
      throw new MicroException("go.micro.codec", "cannot encode " + message.getClass().getName() + " as protobuf", 500, e);
    }
  }

  @SuppressWarnings("unchecked")
  <T> T decode(Buffer body, Class<?> type) {
    try {
      Method parseFrom = parsers.computeIfAbsent(type, ProtobufMessages::parseFrom);
      return (T) parseFrom.invoke(null, (Object) body.getBytes());
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw MicroException.badRequest("go.micro.codec", "invalid protobuf for %s: %s", type.getSimpleName(), cause.getMessage());
    }
  }

  private static Method parseFrom(Class<?> type) {
    try {
      return type.getMethod("parseFrom", byte[].class);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no generated parseFrom(byte[])", e);
    }
  }
}
