package io.microvx.registry.consul.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state of the fake agent and its one-node catalog, with Consul's indexes: one raft index moved by
 * every real change, a per-service index ({@code service.<name>}), the services table's index, and the
 * extinction index moved when a service name's last instance goes. Unchanged re-registrations and passes
 * of a passing check move nothing, as in Consul. Used from the fake's one event loop only.
 */
final class FakeCatalog {

  static final String NODE = "fake-node";
  static final String NODE_ID = "6f3a1c2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b";
  static final String DATACENTER = "dc1";

  record AgentService(String id, String name, List<String> tags, String address, int port, long createIndex,
                      long modifyIndex) {
    boolean sameAs(AgentService other) {
      return other != null && name.equals(other.name) && tags.equals(other.tags) && address.equals(other.address)
        && port == other.port;
    }
  }

  static final class TtlCheck {
    final String id;
    final String name;
    final String serviceId;
    final String serviceName;
    final Duration ttl;
    final Duration deregisterAfter;
    String status;
    String output = "";
    long expiresAt;
    long criticalSince;
    long createIndex;
    long modifyIndex;
    int passes;

    TtlCheck(String id, String name, String serviceId, String serviceName, Duration ttl, Duration deregisterAfter) {
      this.id = id;
      this.name = name;
      this.serviceId = serviceId;
      this.serviceName = serviceName;
      this.ttl = ttl;
      this.deregisterAfter = deregisterAfter;
    }
  }

  private final FakeClock clock;
  private final Map<String, AgentService> services = new LinkedHashMap<>();
  private final Map<String, TtlCheck> checks = new LinkedHashMap<>();
  private final Map<String, Long> serviceIndex = new java.util.HashMap<>();
  private long raft;
  private long servicesTable;
  private long extinction;
  private final List<Runnable> changeListeners = new ArrayList<>();

  FakeCatalog(FakeClock clock) {
    this.clock = clock;
    // a server agent lists itself as the service "consul"
    raft = 5;
    services.put("consul", new AgentService("consul", "consul", List.of(), "", 8300, raft, raft));
    serviceIndex.put("consul", raft);
    servicesTable = raft;
  }

  void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  private long bump() {
    raft++;
    return raft;
  }

  private void changed() {
    changeListeners.forEach(Runnable::run);
  }

  // ---- writes

  /** Registers (or updates) an agent service and its TTL check, if any. */
  void register(String id, String name, List<String> tags, String address, int port, TtlCheck check, String initialStatus) {
    AgentService previous = services.get(id);
    long index = raft + 1;
    AgentService next = new AgentService(id, name, List.copyOf(tags), address, port,
      previous == null ? index : previous.createIndex(), index);
    boolean serviceChanged = !next.sameAs(previous);
    TtlCheck before = check == null ? null : checks.get(check.id);
    boolean checkChanged = false;
    if (check != null) {
      if (before == null || !before.ttl.equals(check.ttl) || !Objects.equals(before.deregisterAfter, check.deregisterAfter)
        || !before.serviceId.equals(check.serviceId) || !before.serviceName.equals(check.serviceName)) {
        // a check re-registered keeps the state it had unless it was critical (as the agent restores it)
        check.status = before != null && !"critical".equals(before.status) ? before.status
          : initialStatus == null ? "critical" : initialStatus;
        check.output = before != null ? before.output : "";
        check.expiresAt = clock.nanos() + check.ttl.toNanos();
        check.criticalSince = "critical".equals(check.status) ? clock.nanos() : 0;
        check.createIndex = before == null ? index : before.createIndex;
        check.modifyIndex = index;
        check.passes = before == null ? 0 : before.passes;
        checks.put(check.id, check);
        checkChanged = true;
      } else {
        // the same check again: its TTL starts over, its status stays
        before.expiresAt = clock.nanos() + before.ttl.toNanos();
      }
    }
    if (!serviceChanged && !checkChanged) {
      return;
    }
    bump();
    if (serviceChanged) {
      services.put(id, next);
      servicesTable = raft;
      if (previous != null && !previous.name().equals(name)) {
        forget(previous.name());
      }
    }
    serviceIndex.put(name, raft);
    changed();
  }

  /** Removes an agent service and its checks; false when there is none by that id. */
  boolean deregister(String id) {
    AgentService gone = services.remove(id);
    if (gone == null) {
      return false;
    }
    checks.values().removeIf(check -> check.serviceId.equals(id));
    bump();
    servicesTable = raft;
    forget(gone.name());
    changed();
    return true;
  }

  /** After an instance of the service went: its index moves, or the extinction index when it was the last. */
  private void forget(String name) {
    if (services.values().stream().anyMatch(s -> s.name().equals(name))) {
      serviceIndex.put(name, raft);
    } else {
      serviceIndex.remove(name);
      extinction = raft;
    }
  }

  TtlCheck check(String id) {
    return checks.get(id);
  }

  /** A TTL pass: passing again until the TTL runs out; moves the indexes only when status or output change. */
  void pass(TtlCheck check, String note) {
    check.expiresAt = clock.nanos() + check.ttl.toNanos();
    check.passes++;
    String output = note == null ? "" : note;
    if ("passing".equals(check.status) && output.equals(check.output)) {
      return;
    }
    setStatus(check, "passing", output);
  }

  private void setStatus(TtlCheck check, String status, String output) {
    check.status = status;
    check.output = output;
    check.criticalSince = "critical".equals(status) ? clock.nanos() : 0;
    check.modifyIndex = bump();
    serviceIndex.put(check.serviceName, raft);
    changed();
  }

  /** TTLs run out (the check turns critical), then critical services are reaped after their deregister time. */
  void tick() {
    long now = clock.nanos();
    for (TtlCheck check : new ArrayList<>(checks.values())) {
      if (!"critical".equals(check.status) && now - check.expiresAt >= 0) {
        setStatus(check, "critical", "TTL expired");
        // critical since the TTL ran out, however late this tick came (the agent's timer fires on time)
        check.criticalSince = check.expiresAt;
      }
    }
    for (TtlCheck check : new ArrayList<>(checks.values())) {
      if ("critical".equals(check.status) && check.deregisterAfter != null
        && now - check.criticalSince >= check.deregisterAfter.toNanos()) {
        deregister(check.serviceId);
      }
    }
  }

  // ---- reads

  long healthIndex(String name) {
    Long index = serviceIndex.get(name);
    if (index != null) {
      return index;
    }
    return extinction > 0 ? extinction : servicesTable;
  }

  long servicesIndex() {
    return servicesTable;
  }

  long raftIndex() {
    return raft;
  }

  /** {@code /v1/catalog/services}: each name with the union of its instances' tags. */
  JsonObject catalogServices() {
    Map<String, List<String>> byName = new TreeMap<>();
    for (AgentService service : services.values()) {
      List<String> tags = byName.computeIfAbsent(service.name(), n -> new ArrayList<>());
      service.tags().forEach(tag -> {
        if (!tags.contains(tag)) {
          tags.add(tag);
        }
      });
    }
    JsonObject json = new JsonObject();
    byName.forEach((name, tags) -> json.put(name, new JsonArray(tags)));
    return json;
  }

  /** {@code /v1/health/service/<name>}, only entries whose every check passes when {@code passing}. */
  JsonArray health(String name, boolean passing) {
    JsonArray entries = new JsonArray();
    for (AgentService service : services.values()) {
      if (!service.name().equals(name)) {
        continue;
      }
      JsonArray entryChecks = new JsonArray().add(serfHealth());
      boolean allPassing = true;
      for (TtlCheck check : checks.values()) {
        if (check.serviceId.equals(service.id())) {
          entryChecks.add(checkJson(check, service));
          allPassing &= "passing".equals(check.status);
        }
      }
      if (passing && !allPassing) {
        continue;
      }
      entries.add(new JsonObject()
        .put("Node", nodeJson())
        .put("Service", serviceJson(service))
        .put("Checks", entryChecks));
    }
    return entries;
  }

  private static JsonObject nodeJson() {
    return new JsonObject()
      .put("ID", NODE_ID)
      .put("Node", NODE)
      .put("Address", "127.0.0.1")
      .put("Datacenter", DATACENTER)
      .put("TaggedAddresses", new JsonObject().put("lan", "127.0.0.1").put("wan", "127.0.0.1"))
      .put("Meta", new JsonObject().put("consul-network-segment", ""))
      .put("CreateIndex", 5)
      .put("ModifyIndex", 5);
  }

  private static JsonObject serviceJson(AgentService service) {
    return new JsonObject()
      .put("ID", service.id())
      .put("Service", service.name())
      .put("Tags", new JsonArray(service.tags()))
      .put("Address", service.address())
      .put("Meta", new JsonObject())
      .put("Port", service.port())
      .put("Weights", new JsonObject().put("Passing", 1).put("Warning", 1))
      .put("EnableTagOverride", false)
      .put("CreateIndex", service.createIndex())
      .put("ModifyIndex", service.modifyIndex());
  }

  private static JsonObject serfHealth() {
    return new JsonObject()
      .put("Node", NODE).put("CheckID", "serfHealth").put("Name", "Serf Health Status").put("Status", "passing")
      .put("Notes", "").put("Output", "Agent alive and reachable").put("ServiceID", "").put("ServiceName", "")
      .put("ServiceTags", new JsonArray()).put("Type", "").put("CreateIndex", 5).put("ModifyIndex", 5);
  }

  private static JsonObject checkJson(TtlCheck check, AgentService service) {
    return new JsonObject()
      .put("Node", NODE).put("CheckID", check.id).put("Name", check.name).put("Status", check.status)
      .put("Notes", "").put("Output", check.output).put("ServiceID", check.serviceId)
      .put("ServiceName", check.serviceName).put("ServiceTags", new JsonArray(service.tags())).put("Type", "ttl")
      .put("CreateIndex", check.createIndex).put("ModifyIndex", check.modifyIndex);
  }
}
