package io.microvx.registry.consul.fake;

import io.microvx.config.Durations;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code PUT /v1/agent/service/register} as the agent reads it: {@code ID} defaulting to
 * {@code Name}, a TTL {@code Check} whose {@code CheckID} defaults to {@code service:<id>} and whose name
 * to {@code Service '<name>' check}, {@code DeregisterCriticalServiceAfter} no shorter than a minute.
 */
record FakeRegistration(String id, String name, List<String> tags, String address, int port,
                        FakeCatalog.TtlCheck check, String initialStatus) {

  /** What the agent answers 400 to, with its text. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  static FakeRegistration parse(Buffer body) throws Refused {
    JsonObject json;
    try {
      json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
    } catch (DecodeException e) {
      throw new Refused("Request decode failed: " + e.getMessage());
    }
    String name = json.getString("Name");
    if (name == null || name.isEmpty()) {
      throw new Refused("Missing service name");
    }
    String id = json.getString("ID");
    if (id == null || id.isEmpty()) {
      id = name;
    }
    JsonArray tagArray = json.getJsonArray("Tags");
    List<String> tags = new ArrayList<>();
    if (tagArray != null) {
      tagArray.forEach(tag -> tags.add(String.valueOf(tag)));
    }
    JsonObject check = json.getJsonObject("Check");
    FakeCatalog.TtlCheck ttlCheck = null;
    String initialStatus = null;
    if (check != null && !isEmptyCheck(check)) {
      String ttl = check.getString("TTL");
      if (ttl == null || ttl.isEmpty()) {
        // the only kind the registry makes; an agent would run script/HTTP/TCP ones itself
        throw new Refused("Invalid check: TTL must be > 0 for TTL checks");
      }
      Duration ttlDuration;
      Duration deregisterAfter = null;
      try {
        ttlDuration = Durations.parse(ttl);
        String after = check.getString("DeregisterCriticalServiceAfter");
        if (after != null && !after.isEmpty()) {
          deregisterAfter = Durations.parse(after);
          // Consul reaps no sooner than a minute
          if (deregisterAfter.compareTo(Duration.ofMinutes(1)) < 0) {
            deregisterAfter = Duration.ofMinutes(1);
          }
        }
      } catch (IllegalArgumentException e) {
        throw new Refused("Request decode failed: time: invalid duration " + ttl);
      }
      if (ttlDuration.isZero() || ttlDuration.isNegative()) {
        throw new Refused("Invalid check: TTL must be > 0 for TTL checks");
      }
      String status = check.getString("Status");
      if (status != null && !status.isEmpty()) {
        if (!List.of("passing", "warning", "critical").contains(status)) {
          throw new Refused("Invalid check: Status must be passing, warning or critical");
        }
        initialStatus = status;
      }
      String checkId = check.getString("CheckID");
      if (checkId == null || checkId.isEmpty()) {
        checkId = "service:" + id;
      }
      String checkName = check.getString("Name");
      if (checkName == null || checkName.isEmpty()) {
        checkName = "Service '" + name + "' check";
      }
      ttlCheck = new FakeCatalog.TtlCheck(checkId, checkName, id, name, ttlDuration, deregisterAfter);
    }
    return new FakeRegistration(id, name, tags, json.getString("Address", ""), json.getInteger("Port", 0),
      ttlCheck, initialStatus);
  }

  /** Vert.x's client sends every field of a check, null when unset: a check of nulls is no check. */
  private static boolean isEmptyCheck(JsonObject check) {
    return check.stream().allMatch(e -> e.getValue() == null || Boolean.FALSE.equals(e.getValue()));
  }
}
