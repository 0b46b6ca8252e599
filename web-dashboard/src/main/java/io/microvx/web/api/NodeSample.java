package io.microvx.web.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What one node's {@code Debug.Stats} said at one moment, reduced to the counters the overview turns into
 * rates: requests and errors served, the cumulative latency buckets of all its endpoints together, calls
 * made per service called, messages published and delivered per topic, and its selector's view of the
 * nodes it calls. {@code Debug.*} calls are left out on both sides: the overview's own sampling must not
 * show up as traffic. Any registered node can answer anything: values of the wrong type fail {@link #of}
 * (the overview then treats the node's stats as unreadable), and a node names at most
 * {@value #MAX_NAMES} services called, topics and selector views.
 */
record NodeSample(long at, long requests, long errors, boolean metered, NavigableMap<Double, Long> buckets,
                  Map<String, long[]> calls, Map<String, long[]> topics, Map<String, List<JsonObject>> selector) {

  static final int MAX_NAMES = 100;

  static NodeSample of(long at, JsonObject stats) {
    JsonObject metrics = stats.getJsonObject("metrics");
    if (metrics == null) {
      // without metrics only the server's totals are known (the overview's Debug calls among them)
      return new NodeSample(at, stats.getLong("requests", 0L), stats.getLong("errors", 0L), false,
        new TreeMap<>(), Map.of(), Map.of(), Map.of());
    }
    long requests = 0;
    long errors = 0;
    NavigableMap<Double, Long> buckets = new TreeMap<>();
    JsonObject served = object(metrics, "server");
    for (String endpoint : served.fieldNames()) {
      JsonObject counts = object(served, endpoint);
      requests += counts.getLong("requests", 0L);
      errors += counts.getLong("errors", 0L);
      JsonObject cumulative = object(counts, "buckets");
      for (String bound : cumulative.fieldNames()) {
        try {
          buckets.merge(Double.parseDouble(bound), cumulative.getLong(bound, 0L), Long::sum);
        } catch (NumberFormatException | ClassCastException e) {
          // a bucket this dashboard does not understand is left out, not fatal
        }
      }
    }
    Map<String, long[]> calls = new HashMap<>();
    JsonObject called = object(metrics, "client");
    for (String service : first(called)) {
      JsonObject endpoints = object(called, service);
      for (String endpoint : endpoints.fieldNames()) {
        if (!endpoint.startsWith("Debug.")) {
          JsonObject counts = object(endpoints, endpoint);
          long[] sum = calls.computeIfAbsent(service, s -> new long[2]);
          sum[0] += counts.getLong("calls", 0L);
          sum[1] += counts.getLong("errors", 0L);
        }
      }
    }
    Map<String, long[]> topics = new HashMap<>();
    JsonObject broker = object(metrics, "broker");
    for (String topic : first(broker)) {
      JsonObject counts = object(broker, topic);
      topics.put(topic, new long[] {counts.getLong("published", 0L), counts.getLong("delivered", 0L)});
    }
    Map<String, List<JsonObject>> selector = new HashMap<>();
    JsonObject views = object(metrics, "selector");
    for (String service : first(views)) {
      if (views.getValue(service) instanceof JsonArray nodes) {
        List<JsonObject> list = new ArrayList<>();
        for (int i = 0; i < Math.min(nodes.size(), MAX_NAMES); i++) {
          if (nodes.getValue(i) instanceof JsonObject node && node.getValue("address") instanceof String address) {
            // only what the overview reads, each of its type (a wrong one throws)
            String fault = node.getString("lastFault");
            list.add(new JsonObject().put("address", address).put("inflight", node.getLong("inflight", 0L))
              .put("failures", node.getInteger("failures", 0)).put("ejected", node.getBoolean("ejected", false))
              .put("ejectedForMs", node.getLong("ejectedForMs", 0L))
              .put("lastFault", fault == null ? null : fault.substring(0, Math.min(fault.length(), 40))));
          }
        }
        selector.put(service, list);
      }
    }
    return new NodeSample(at, requests, errors, true, buckets, calls, topics, selector);
  }

  private static List<String> first(JsonObject json) {
    return json.fieldNames().stream().limit(MAX_NAMES).toList();
  }

  private static JsonObject object(JsonObject json, String key) {
    return json.getValue(key) instanceof JsonObject object ? object : new JsonObject();
  }
}
