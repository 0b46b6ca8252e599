package io.microvx.codec;

import io.microvx.errors.MicroException;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The codecs a client or server speaks, looked up by content type.
 *
 * <p>Content types are matched without parameters ({@code application/json; charset=utf-8} is JSON) and
 * without regard to case. An unknown type fails with a 415 naming the types that are known.
 */
public final class Codecs {

  public static final String JSON = "application/json";
  public static final String PROTOBUF = "application/protobuf";
  public static final String OCTET_STREAM = "application/octet-stream";

  private static final Codecs DEFAULTS = new Codecs(Map.of())
    .with(Codec.json())
    .with(Codec.protobuf())
    .with("application/x-protobuf", Codec.protobuf())
    .with(Codec.octetStream());

  private final Map<String, Codec> byType;

  private Codecs(Map<String, Codec> byType) {
    this.byType = byType;
  }

  /** JSON, protobuf (also as {@code application/x-protobuf}) and octet-stream. */
  public static Codecs defaults() {
    return DEFAULTS;
  }

  /** A copy that also speaks the given codec under its own content type. */
  public Codecs with(Codec codec) {
    return with(codec.contentType(), codec);
  }

  /** A copy that speaks the given codec under the given content type. */
  public Codecs with(String contentType, Codec codec) {
    Map<String, Codec> copy = new LinkedHashMap<>(byType);
    copy.put(normalize(contentType), codec);
    return new Codecs(Collections.unmodifiableMap(copy));
  }

  /** The codec for a content type, or a 415 error naming the known ones. */
  public Codec forContentType(String contentType) {
    Codec codec = find(contentType);
    if (codec == null) {
      throw new MicroException("go.micro.codec",
        "Unsupported Content-Type: " + contentType + " (supported: " + String.join(", ", byType.keySet()) + ")", 415);
    }
    return codec;
  }

  /** The codec for a content type, or null. */
  public Codec find(String contentType) {
    if (contentType == null) {
      return null;
    }
    Codec codec = byType.get(contentType);
    return codec != null ? codec : byType.get(normalize(contentType));
  }

  public Collection<String> contentTypes() {
    return byType.keySet();
  }

  static String normalize(String contentType) {
    int semi = contentType.indexOf(';');
    String bare = semi < 0 ? contentType : contentType.substring(0, semi);
    return bare.trim().toLowerCase(Locale.ROOT);
  }
}
