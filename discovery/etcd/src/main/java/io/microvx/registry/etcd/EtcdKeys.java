package io.microvx.registry.etcd;

import io.microvx.codec.Json;
import io.microvx.registry.Service;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * go-micro's layout in etcd: one key per node, {@code <prefix><service>/<node-id>} with {@code /} in
 * either name replaced by {@code -}, holding the JSON of the service with that node only. Keys and
 * values travel base64-encoded in etcd's JSON API.
 */
final class EtcdKeys {

  private final String prefix;

  EtcdKeys(String prefix) {
    this.prefix = prefix;
  }

  String all() {
    return prefix;
  }

  String service(String name) {
    return prefix + escape(name) + "/";
  }

  String node(String service, String nodeId) {
    return service(service) + escape(nodeId);
  }

  private static String escape(String part) {
    return part.replace('/', '-');
  }

  /** A range over every key starting with {@code keyPrefix}: {@code key} and {@code range_end}. */
  static JsonObject prefixRange(String keyPrefix) {
    byte[] start = keyPrefix.getBytes(StandardCharsets.UTF_8);
    byte[] end = Arrays.copyOf(start, start.length);
    end[end.length - 1]++; // prefixes end in '/', never 0xff
    return new JsonObject().put("key", encode(start)).put("range_end", encode(end));
  }

  static String encode(String text) {
    return encode(text.getBytes(StandardCharsets.UTF_8));
  }

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String decode(String base64) {
    return base64 == null ? "" : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** The service JSON go-micro reads: every field present, empty ones as go-micro writes them. */
  static byte[] value(Service singleNode) {
    try {
      return Json.mapper().writeValueAsBytes(singleNode);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + singleNode.name(), e);
    }
  }

  /** A key's value as a service, or null when it is not one (someone else's key under the prefix). */
  static Service service(JsonObject kv) {
    if (kv == null || kv.getString("value") == null) {
      return null;
    }
    try {
      Service service = Json.mapper().readValue(Base64.getDecoder().decode(kv.getString("value")), Service.class);
      return service == null || service.name() == null ? null : service;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
