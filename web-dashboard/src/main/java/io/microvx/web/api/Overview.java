package io.microvx.web.api;

import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.RegistryMirror;
import io.microvx.registry.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The overview's data: every so often ({@code web_overview_interval}) each registered node is asked for
 * {@code Debug.Health} and {@code Debug.Stats}, and what changed since the last time becomes one point of
 * its series (requests/s, error rate, p50/p99) and of its service's; 15 minutes of points are kept. Each
 * round also yields the call graph (who calls whom, at what rate, from the callers' client metrics), the
 * topics (subscribers from the registry, rates from the brokers' metrics) and, per node, what its callers'
 * selectors think of it. Readers get each round as it completes; rounds never overlap (a slow one makes
 * the next wait) and ask at most {@value #PARALLEL_SERVICES} services at once.
 */
final class Overview {

  private static final Logger log = LoggerFactory.getLogger(Overview.class);
  static final Duration WINDOW = Duration.ofMinutes(15);
  private static final int PARALLEL_SERVICES = 16;

  /** One node as the overview follows it. */
  private static final class Track {
    final String service;
    final Node node;
    final String version;
    final ArrayDeque<JsonObject> points = new ArrayDeque<>();
    NodeSample last;
    Traffic traffic;
    boolean up;
    JsonObject error;

    Track(String service, Node node, String version) {
      this.service = service;
      this.node = node;
      this.version = version;
    }
  }

  private final Vertx vertx;
  private final RegistryMirror view;
  private final ServiceCalls calls;
  private final long intervalMs;
  private final int capacity;
  private final Map<String, Track> nodes = new HashMap<>(); // by service and node id
  private final Map<String, ArrayDeque<JsonObject>> services = new TreeMap<>();
  private final List<Consumer<String>> readers = new CopyOnWriteArrayList<>();
  private JsonObject latest;
  private long timer = -1;
  private boolean sampling;
  private boolean closed;

  Overview(Vertx vertx, RegistryMirror view, ServiceCalls calls, Duration interval) {
    this.vertx = vertx;
    this.view = view;
    this.calls = calls;
    this.intervalMs = interval.toMillis();
    this.capacity = intervalMs <= 0 ? 0 : (int) Math.max(2, WINDOW.toMillis() / intervalMs);
    this.latest = new JsonObject().put("t", 0L).put("enabled", intervalMs > 0).put("intervalMs", intervalMs)
      .put("services", new JsonArray())
      .put("edges", new JsonArray()).put("topics", new JsonArray());
  }

  /** Starts sampling, at once and then every interval; does nothing when the interval is zero. */
  void start() {
    if (intervalMs > 0) {
      round();
      timer = vertx.setPeriodic(intervalMs, id -> round());
    }
  }

  void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Calls the reader with every round from now on, as the live feed's message {@code {"overview": …}},
   * encoded once for all readers; returns what stops that.
   */
  Runnable follow(Consumer<String> reader) {
    readers.add(reader);
    return () -> readers.remove(reader);
  }

  /** The last round; with each series' points when asked for history. */
  JsonObject snapshot(boolean history) {
    if (!history) {
      return latest;
    }
    JsonObject full = latest.copy();
    for (Object entry : full.getJsonArray("services")) {
      JsonObject service = (JsonObject) entry;
      service.put("history", new JsonArray(new ArrayList<>(services.getOrDefault(service.getString("name"), new ArrayDeque<>()))));
      for (Object node : service.getJsonArray("nodes")) {
        Track track = nodes.get(key(service.getString("name"), ((JsonObject) node).getString("id")));
        ((JsonObject) node).put("history", new JsonArray(track == null ? new ArrayList<>() : new ArrayList<>(track.points)));
      }
    }
    return full;
  }

  private void round() {
    if (sampling || closed) {
      return;
    }
    sampling = true;
    long t = System.currentTimeMillis();
    List<String> names = new ArrayList<>(view.services().keySet());
    Map<String, List<ServiceCalls.NodeReport>> reports = new HashMap<>();
    ask(names, 0, reports)
      .onSuccess(v -> {
        if (!closed) {
          latest = record(t, reports);
          String message = new JsonObject().put("overview", latest).encode();
          readers.forEach(reader -> reader.accept(message));
        }
      })
      .onFailure(failure -> log.warn("an overview round failed", failure))
      .onComplete(ar -> sampling = false);
  }

  /** Asks the services from {@code from} on, {@value #PARALLEL_SERVICES} at a time. */
  private Future<Void> ask(List<String> names, int from, Map<String, List<ServiceCalls.NodeReport>> into) {
    if (from >= names.size() || closed) {
      return Future.succeededFuture();
    }
    List<String> batch = names.subList(from, Math.min(names.size(), from + PARALLEL_SERVICES));
    List<Future<?>> asked = new ArrayList<>();
    for (String name : batch) {
      asked.add(calls.nodes(name).onSuccess(list -> into.put(name, list)));
    }
    return Future.join(asked).transform(ar -> ask(names, from + batch.size(), into));
  }

  private JsonObject record(long t, Map<String, List<ServiceCalls.NodeReport>> reports) {
    Set<String> seen = new HashSet<>();
    Map<String, Traffic> byService = new TreeMap<>();
    Map<String, List<Track>> tracksOf = new TreeMap<>();
    reports.forEach((name, list) -> {
      Traffic total = new Traffic();
      List<Track> tracks = new ArrayList<>();
      for (ServiceCalls.NodeReport report : list) {
        String key = key(name, report.node().id());
        Track track = nodes.computeIfAbsent(key, k -> new Track(name, report.node(), report.version()));
        seen.add(key);
        update(track, t, report);
        if (track.traffic != null) {
          total.add(track.traffic);
        }
        tracks.add(track);
      }
      byService.put(name, total);
      tracksOf.put(name, tracks);
    });
    nodes.keySet().retainAll(seen);
    services.keySet().retainAll(byService.keySet());

    Map<String, JsonObject> callerViews = callerViews(tracksOf);
    JsonArray serviceList = new JsonArray();
    byService.forEach((name, traffic) -> {
      List<Track> tracks = tracksOf.get(name);
      long down = tracks.stream().filter(track -> !track.up).count();
      JsonObject point = traffic.point(t, down == 0);
      append(services.computeIfAbsent(name, n -> new ArrayDeque<>()), point);
      JsonArray nodeList = new JsonArray();
      for (Track track : tracks) {
        JsonObject node = new JsonObject().put("id", track.node.id()).put("address", track.node.address())
          .put("version", track.version).put("up", track.up).put("now", track.points.peekLast())
          .put("selector", callerViews.get(name + " " + track.node.address()));
        if (track.error != null) {
          node.put("error", track.error);
        }
        nodeList.add(node);
      }
      serviceList.add(new JsonObject().put("name", name).put("nodes", nodeList).put("unhealthy", down).put("now", point));
    });
    return new JsonObject().put("t", t).put("enabled", true).put("intervalMs", intervalMs).put("services", serviceList)
      .put("edges", edges(tracksOf)).put("topics", topics(byService));
  }

  /** Nodes are followed per service: an id another service's registration repeats is another node. */
  private static String key(String service, String nodeId) {
    return service + "\n" + nodeId;
  }

  private void update(Track track, long t, ServiceCalls.NodeReport report) {
    track.up = report.health().error() == null;
    track.error = track.up ? null : new JsonObject().put("code", report.health().error().code())
      .put("status", report.health().error().status());
    track.traffic = null;
    if (report.stats().error() == null && ServiceCalls.decode(report.stats().reply()) instanceof JsonObject stats) {
      NodeSample sample;
      try {
        sample = NodeSample.of(t, stats);
      } catch (RuntimeException e) {
        // a node answering Debug.Stats with something else: no traffic from it, the round goes on
        log.debug("{} {}: Debug.Stats unreadable", track.service, track.node.address(), e);
        sample = null;
      }
      if (sample != null && track.last != null) {
        track.traffic = Traffic.between(track.last, sample);
      }
      track.last = sample == null ? track.last : sample;
    }
    append(track.points, track.traffic == null ? new JsonObject().put("t", t).put("up", track.up)
      : track.traffic.point(t, track.up));
  }

  private void append(ArrayDeque<JsonObject> points, JsonObject point) {
    points.addLast(point);
    while (points.size() > capacity) {
      points.removeFirst();
    }
  }

  /** Per "service address": how the nodes calling it see it (callers, in flight, ejected by how many, until when, why). */
  private Map<String, JsonObject> callerViews(Map<String, List<Track>> tracksOf) {
    Map<String, JsonObject> views = new HashMap<>();
    tracksOf.values().forEach(tracks -> tracks.forEach(caller -> {
      if (caller.last == null) {
        return;
      }
      caller.last.selector().forEach((service, states) -> states.forEach(state -> {
        JsonObject view = views.computeIfAbsent(service + " " + state.getString("address"), k -> new JsonObject()
          .put("callers", 0).put("inflight", 0L).put("ejectedBy", 0).put("ejectedForMs", 0L).put("failures", 0));
        view.put("callers", view.getInteger("callers") + 1)
          .put("inflight", view.getLong("inflight") + state.getLong("inflight", 0L))
          .put("failures", Math.max(view.getInteger("failures"), state.getInteger("failures", 0)));
        if (Boolean.TRUE.equals(state.getBoolean("ejected"))) {
          view.put("ejectedBy", view.getInteger("ejectedBy") + 1)
            .put("ejectedForMs", Math.max(view.getLong("ejectedForMs"), state.getLong("ejectedForMs", 0L)));
        }
        if (state.getString("lastFault") != null) {
          view.put("lastFault", state.getString("lastFault"));
        }
      }));
    }));
    return views;
  }

  /** Who calls whom, from the callers' client metrics: calls and errors per second. */
  private static JsonArray edges(Map<String, List<Track>> tracksOf) {
    Map<String, double[]> rates = new TreeMap<>();
    tracksOf.forEach((from, tracks) -> tracks.forEach(track -> {
      if (track.traffic != null) {
        track.traffic.calls.forEach((to, pair) -> Traffic.sum(rates, from + "\n" + to, pair));
      }
      if (track.last != null) {
        // a caller known to call a service shows up even while it is idle
        track.last.calls().keySet().forEach(to -> rates.computeIfAbsent(from + "\n" + to, k -> new double[2]));
      }
    }));
    JsonArray edges = new JsonArray();
    rates.forEach((key, pair) -> {
      String[] ends = key.split("\n", 2);
      edges.add(new JsonObject().put("from", ends[0]).put("to", ends[1]).put("rps", Traffic.round(pair[0]))
        .put("errorsPerSecond", Traffic.round(pair[1])));
    });
    return edges;
  }

  /** Topics: who subscribes (from the registry's subscriber endpoints) and the publish/deliver rates. */
  private JsonArray topics(Map<String, Traffic> byService) {
    Map<String, Set<String>> subscribers = new TreeMap<>();
    Map<String, Integer> subscriberNodes = new HashMap<>();
    view.services().forEach((name, versions) -> {
      for (Service version : versions) {
        for (Endpoint endpoint : version.endpoints()) {
          String topic = endpoint.metadata().get("topic");
          if (topic != null && "true".equals(endpoint.metadata().get("subscriber"))) {
            subscribers.computeIfAbsent(topic, k -> new LinkedHashSet<>()).add(name);
            subscriberNodes.merge(topic, version.nodes().size(), Integer::sum);
          }
        }
      }
    });
    Map<String, double[]> rates = new TreeMap<>();
    byService.values().forEach(traffic -> traffic.topics.forEach((topic, pair) -> Traffic.sum(rates, topic, pair)));
    Set<String> all = new java.util.TreeSet<>(subscribers.keySet());
    all.addAll(rates.keySet());
    JsonArray topics = new JsonArray();
    for (String topic : all) {
      double[] pair = rates.getOrDefault(topic, new double[2]);
      topics.add(new JsonObject().put("topic", topic)
        .put("subscribers", new JsonArray(new ArrayList<>(subscribers.getOrDefault(topic, Set.of()))))
        .put("subscriberNodes", subscriberNodes.getOrDefault(topic, 0))
        .put("publishedPerSecond", Traffic.round(pair[0])).put("deliveredPerSecond", Traffic.round(pair[1])));
    }
    return topics;
  }
}
