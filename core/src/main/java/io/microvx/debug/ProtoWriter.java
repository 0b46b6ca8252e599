package io.microvx.debug;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** Just enough protobuf wire encoding for the Debug replies, so they need no generated code. */
final class ProtoWriter {

  private final Buffer buffer = Buffer.buffer(32);

  ProtoWriter string(int field, String value) {
    if (value == null || value.isEmpty()) {
      return this;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    varint((long) field << 3 | 2);
    varint(bytes.length);
    buffer.appendBytes(bytes);
    return this;
  }

  ProtoWriter uint64(int field, long value) {
    if (value == 0) {
      return this; // proto3 leaves zero values out
    }
    varint((long) field << 3);
    varint(value);
    return this;
  }

  private void varint(long value) {
    while ((value & ~0x7FL) != 0) {
      buffer.appendByte((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    buffer.appendByte((byte) value);
  }

  Buffer toBuffer() {
    return buffer;
  }
}
