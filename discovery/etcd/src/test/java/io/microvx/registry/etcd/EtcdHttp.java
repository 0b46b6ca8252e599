package io.microvx.registry.etcd;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** etcd read and written with plain HTTP calls from the test thread, not through the plugin. */
final class EtcdHttp {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  EtcdHttp(String address) {
    this.base = "http://" + address;
  }

  JsonObject post(String path, JsonObject body) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("etcd answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new AssertionError("etcd at " + base + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every key under the prefix with its value (as text) and lease id ("0" for none), in key order. */
  Map<String, JsonObject> under(String prefix) {
    byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
    end[end.length - 1]++;
    JsonArray kvs = post("/v3/kv/range", new JsonObject().put("key", b64(prefix)).put("range_end", b64(end)))
      .getJsonArray("kvs", new JsonArray());
    Map<String, JsonObject> found = new LinkedHashMap<>();
    for (int i = 0; i < kvs.size(); i++) {
      JsonObject kv = kvs.getJsonObject(i);
      found.put(text(kv.getString("key")), new JsonObject()
        .put("value", text(kv.getString("value"))).put("lease", kv.getString("lease", "0")));
    }
    return found;
  }

  void put(String key, String value) {
    post("/v3/kv/put", new JsonObject().put("key", b64(key)).put("value", b64(value)));
  }

  void delete(String key) {
    post("/v3/kv/deleterange", new JsonObject().put("key", b64(key)));
  }

  /** The TTL a lease was granted with. */
  long grantedTtl(String lease) {
    return Long.parseLong(post("/v3/lease/timetolive", new JsonObject().put("ID", lease)).getString("grantedTTL", "0"));
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String text(String base64) {
    return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
