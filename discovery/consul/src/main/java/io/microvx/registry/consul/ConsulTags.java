package io.microvx.registry.consul;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microvx.codec.Json;
import io.microvx.registry.Endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * go-micro's Consul tags: {@code t-} + hex(zlib(JSON {"k":"v"})) per node metadata entry, {@code e-} +
 * hex(zlib(JSON endpoint)) per endpoint, {@code v-} + hex(zlib(version)). Reading also accepts the plain
 * {@code t=}, {@code e=} and {@code v=} of older go-micro; as there, the first {@code t}/{@code e} tag
 * decides which of the two forms the others of its kind must use.
 */
final class ConsulTags {

  private static final HexFormat HEX = HexFormat.of();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
  };
  /** A zlib stream larger than this is not a tag anyone wrote: reading stops there. */
  private static final int MAX_DECODED = 1 << 20;

  private ConsulTags() {
  }

  /** The tags of one node of a service version: its metadata, the version's endpoints, the version. */
  static List<String> encode(Map<String, String> nodeMetadata, List<Endpoint> endpoints, String version) {
    List<String> tags = new ArrayList<>();
    // sorted, so equal registrations give equal tag lists (Go's map order is random; order means nothing)
    new TreeMap<>(nodeMetadata).forEach((k, v) -> tags.add("t-" + compress(json(Map.of(k, v)))));
    for (Endpoint endpoint : endpoints) {
      tags.add("e-" + compress(json(goShape(Json.mapper().valueToTree(endpoint)))));
    }
    tags.add("v-" + compress((version == null ? "" : version).getBytes(StandardCharsets.UTF_8)));
    return tags;
  }

  static Map<String, String> decodeMetadata(List<String> tags) {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (byte[] json : payloads(tags, 't')) {
      try {
        metadata.putAll(Json.mapper().readValue(json, STRING_MAP));
      } catch (IOException e) {
        // as go-micro: a tag that does not decode is skipped
      }
    }
    return metadata;
  }

  static List<Endpoint> decodeEndpoints(List<String> tags) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (byte[] json : payloads(tags, 'e')) {
      try {
        endpoints.add(Json.mapper().readValue(json, Endpoint.class));
      } catch (IOException e) {
        // skipped, as go-micro does
      }
    }
    return endpoints;
  }

  /** The version, or the empty string when no tag carries one (go-micro's answer too). */
  static String decodeVersion(List<String> tags) {
    for (String tag : tags) {
      if (tag.length() < 2 || tag.charAt(0) != 'v') {
        continue;
      }
      if (tag.charAt(1) == '=') {
        return tag.substring(2);
      }
      if (tag.charAt(1) == '-') {
        byte[] raw = decompress(tag.substring(2));
        if (raw != null) {
          return new String(raw, StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  /** The decoded payloads of the tags of that kind, in the form (plain or compressed) the first one has. */
  private static List<byte[]> payloads(List<String> tags, char kind) {
    List<byte[]> payloads = new ArrayList<>();
    char form = 0;
    for (String tag : tags) {
      if (tag.length() < 3 || tag.charAt(0) != kind) {
        continue;
      }
      if (form == 0) {
        form = tag.charAt(1);
      }
      if (tag.charAt(1) != form) {
        continue;
      }
      byte[] payload = form == '=' ? tag.substring(2).getBytes(StandardCharsets.UTF_8)
        : form == '-' ? decompress(tag.substring(2)) : null;
      if (payload != null) {
        payloads.add(payload);
      }
    }
    return payloads;
  }

  /** As Go marshals an endpoint: a value without fields has {@code "values":null} (a nil slice), not []. */
  private static JsonNode goShape(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode values = object.get("values");
      if (values != null && values.isArray() && values.isEmpty()) {
        object.set("values", NullNode.getInstance());
      }
      object.forEach(ConsulTags::goShape);
    } else if (node instanceof ArrayNode array) {
      array.forEach(ConsulTags::goShape);
    }
    return node;
  }

  private static byte[] json(Object value) {
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode a Consul tag: " + e.getMessage(), e);
    }
  }

  /** hex(zlib(data)) at zlib's default level, as Go's {@code zlib.NewWriter} writes (header 78 9c). */
  static String compress(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
      byte[] chunk = new byte[512];
      while (!deflater.finished()) {
        out.write(chunk, 0, deflater.deflate(chunk));
      }
      return HEX.formatHex(out.toByteArray());
    } finally {
      deflater.end();
    }
  }

  /** The bytes of a hex(zlib) payload, or null when it is not one (go-micro skips such tags). */
  static byte[] decompress(String hex) {
    byte[] compressed;
    try {
      compressed = HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed);
      ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3 + 16);
      byte[] chunk = new byte[1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null; // truncated
        }
        out.write(chunk, 0, n);
        if (out.size() > MAX_DECODED) {
          return null;
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }
}
