package io.microvx.registry.mdns;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few parts of a DNS message (RFC 1035) that multicast DNS needs here: questions, and PTR, SRV, TXT,
 * A and AAAA records. Names are dotted strings ending in a dot, each dot-separated part one label; names
 * are written without compression and read with it (other responders compress).
 */
record DnsMessage(int id, boolean response, List<Question> questions, List<Record> records) {

  static final int A = 1;
  static final int PTR = 12;
  static final int TXT = 16;
  static final int AAAA = 28;
  static final int SRV = 33;
  static final int ANY = 255;
  private static final int IN = 1;
  private static final int CACHE_FLUSH = 0x8000;

  /** A question; {@code type} one of the constants above. */
  record Question(String name, int type) {
  }

  /**
   * A resource record: {@code target} is a PTR's or SRV's target, {@code port} an SRV's, {@code texts} a
   * TXT's strings, {@code address} an A's or AAAA's bytes. TTL 0 means the record is gone (a goodbye).
   */
  record Record(String name, int type, int ttl, String target, int port, List<String> texts, byte[] address) {

    static Record ptr(String name, int ttl, String target) {
      return new Record(name, PTR, ttl, target, 0, List.of(), null);
    }

    static Record srv(String name, int ttl, String target, int port) {
      return new Record(name, SRV, ttl, target, port, List.of(), null);
    }

    static Record txt(String name, int ttl, List<String> texts) {
      return new Record(name, TXT, ttl, null, 0, texts, null);
    }

    static Record address(String name, int ttl, byte[] address) {
      return new Record(name, address.length == 4 ? A : AAAA, ttl, null, 0, List.of(), address);
    }

    Record withTtl(int ttl) {
      return new Record(name, type, ttl, target, port, texts, address);
    }
  }

  static DnsMessage query(List<Question> questions) {
    return new DnsMessage(0, false, questions, List.of());
  }

  static DnsMessage response(List<Record> records) {
    return new DnsMessage(0, true, List.of(), records);
  }

  /** The message as sent: header, questions, then every record as an answer. */
  Buffer encode() {
    Buffer out = Buffer.buffer(512);
    out.appendUnsignedShort(id).appendUnsignedShort(response ? 0x8400 : 0) // QR and AA for responses
      .appendUnsignedShort(questions.size()).appendUnsignedShort(records.size())
      .appendUnsignedShort(0).appendUnsignedShort(0);
    for (Question question : questions) {
      writeName(out, question.name);
      out.appendUnsignedShort(question.type).appendUnsignedShort(IN);
    }
    for (Record record : records) {
      writeName(out, record.name);
      // PTRs are shared (several responders own one), the others unique to their owner: RFC 6762 §10.2
      int recordClass = record.type == PTR ? IN : IN | CACHE_FLUSH;
      out.appendUnsignedShort(record.type).appendUnsignedShort(recordClass).appendUnsignedInt(record.ttl);
      int lengthAt = out.length();
      out.appendUnsignedShort(0);
      switch (record.type) {
        case PTR -> writeName(out, record.target);
        case SRV -> {
          out.appendUnsignedShort(0).appendUnsignedShort(0).appendUnsignedShort(record.port);
          writeName(out, record.target);
        }
        case TXT -> {
          List<String> texts = record.texts.isEmpty() ? List.of("") : record.texts;
          for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.appendUnsignedByte((short) bytes.length).appendBytes(bytes);
          }
        }
        default -> out.appendBytes(record.address);
      }
      out.setUnsignedShort(lengthAt, out.length() - lengthAt - 2);
    }
    return out;
  }

  /** Whether every label of the name fits a DNS label (1–63 bytes) and the name the 255 bytes of a name. */
  static boolean fits(String name) {
    int total = 1;
    for (String label : labels(name)) {
      int length = label.getBytes(StandardCharsets.UTF_8).length;
      if (length == 0 || length > 63) {
        return false;
      }
      total += length + 1;
    }
    return total <= 255;
  }

  private static List<String> labels(String name) {
    String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\.", -1));
  }

  private static void writeName(Buffer out, String name) {
    for (String label : labels(name)) {
      byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
      out.appendUnsignedByte((short) bytes.length).appendBytes(bytes);
    }
    out.appendByte((byte) 0);
  }

  /**
   * Reads a message; answer, authority and additional records all land in {@link #records}, and records
   * of other types are skipped. Throws {@link IllegalArgumentException} on a malformed message.
   */
  static DnsMessage decode(Buffer in) {
    try {
      int[] at = {12};
      int id = in.getUnsignedShort(0);
      boolean response = (in.getUnsignedShort(2) & 0x8000) != 0;
      int questionCount = in.getUnsignedShort(4);
      int recordCount = in.getUnsignedShort(6) + in.getUnsignedShort(8) + in.getUnsignedShort(10);
      List<Question> questions = new ArrayList<>(questionCount);
      for (int i = 0; i < questionCount; i++) {
        String name = readName(in, at);
        questions.add(new Question(name, in.getUnsignedShort(at[0])));
        at[0] += 4;
      }
      List<Record> records = new ArrayList<>(recordCount);
      for (int i = 0; i < recordCount; i++) {
        String name = readName(in, at);
        int type = in.getUnsignedShort(at[0]);
        int ttl = (int) Math.min(Integer.MAX_VALUE, in.getUnsignedInt(at[0] + 4));
        int length = in.getUnsignedShort(at[0] + 8);
        int data = at[0] + 10;
        at[0] = data + length;
        if (at[0] > in.length()) {
          throw new IllegalArgumentException("record data past the end");
        }
        Record record = switch (type) {
          case PTR -> Record.ptr(name, ttl, readName(in, new int[] {data}));
          case SRV -> Record.srv(name, ttl, readName(in, new int[] {data + 6}), in.getUnsignedShort(data + 4));
          case TXT -> Record.txt(name, ttl, readTexts(in, data, length));
          case A, AAAA -> Record.address(name, ttl, in.getBytes(data, data + length));
          default -> null;
        };
        if (record != null) {
          records.add(record);
        }
      }
      return new DnsMessage(id, response, questions, records);
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated DNS message", e);
    }
  }

  private static List<String> readTexts(Buffer in, int at, int length) {
    List<String> texts = new ArrayList<>();
    int end = at + length;
    while (at < end) {
      int size = in.getUnsignedByte(at);
      texts.add(in.getString(at + 1, at + 1 + size, "UTF-8"));
      at += 1 + size;
    }
    return texts;
  }

  /** A name at {@code at[0]}, following compression pointers; {@code at[0]} moves past it. */
  private static String readName(Buffer in, int[] at) {
    StringBuilder name = new StringBuilder();
    int position = at[0];
    boolean jumped = false;
    for (int hops = 0; ; hops++) {
      if (hops > 128) {
        throw new IllegalArgumentException("DNS name pointer loop");
      }
      int length = in.getUnsignedByte(position);
      if ((length & 0xC0) == 0xC0) {
        if (!jumped) {
          at[0] = position + 2;
        }
        jumped = true;
        position = ((length & 0x3F) << 8) | in.getUnsignedByte(position + 1);
        continue;
      }
      if (length == 0) {
        if (!jumped) {
          at[0] = position + 1;
        }
        return name.length() == 0 ? "." : name.toString();
      }
      name.append(in.getString(position + 1, position + 1 + length, "UTF-8")).append('.');
      position += 1 + length;
    }
  }
}
