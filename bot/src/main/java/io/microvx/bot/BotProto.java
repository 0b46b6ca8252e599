package io.microvx.bot;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The wire form of micro's {@code go.micro.bot.Command} messages, written by hand (four small messages do not
 * need generated classes): {@code ExecRequest{repeated string args = 1}},
 * {@code ExecResponse{bytes result = 1; string error = 2}}, {@code HelpRequest{}},
 * {@code HelpResponse{string usage = 1; string description = 2}}.
 */
final class BotProto {

  /** Field 1 or 2 of a response, as bytes. */
  record Fields(byte[] first, byte[] second) {
    String firstText() {
      return first == null ? "" : new String(first, StandardCharsets.UTF_8);
    }

    String secondText() {
      return second == null ? "" : new String(second, StandardCharsets.UTF_8);
    }
  }

  private BotProto() {
  }

  static Buffer execRequest(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      out.write(0x0a);
      varint(out, bytes.length);
      out.writeBytes(bytes);
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** Fields 1 and 2 (length-delimited) of a message; other fields are skipped, a malformed one fails. */
  static Fields fields(Buffer body) {
    byte[] bytes = body.getBytes();
    byte[] first = null;
    byte[] second = null;
    int[] at = {0};
    while (at[0] < bytes.length) {
      long key = readVarint(bytes, at);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      switch (wire) {
        case 0 -> readVarint(bytes, at);
        case 1 -> at[0] += 8;
        case 5 -> at[0] += 4;
        case 2 -> {
          long length = readVarint(bytes, at);
          if (length < 0 || at[0] + length > bytes.length) {
            throw new IllegalArgumentException("truncated protobuf field " + field);
          }
          byte[] value = java.util.Arrays.copyOfRange(bytes, at[0], at[0] + (int) length);
          at[0] += (int) length;
          if (field == 1) {
            first = value;
          } else if (field == 2) {
            second = value;
          }
        }
        default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
      }
    }
    if (at[0] > bytes.length) {
      throw new IllegalArgumentException("truncated protobuf message");
    }
    return new Fields(first, second);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static long readVarint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at[0] >= bytes.length) {
        throw new IllegalArgumentException("truncated protobuf varint");
      }
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("protobuf varint too long");
  }
}
