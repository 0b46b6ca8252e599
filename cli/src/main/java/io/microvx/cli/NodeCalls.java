package io.microvx.cli;

import io.microvx.errors.MicroException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Calls an endpoint on every node of a service (as {@code micro health} and {@code micro stats} do). */
final class NodeCalls {

  record Answer(String service, String version, JsonObject node, JsonObject reply, MicroException error) {
  }

  private NodeCalls() {
  }

  static List<Answer> each(Session session, String service, String endpoint, java.time.Duration timeout) {
    List<Answer> answers = new ArrayList<>();
    JsonArray versions = Calls.service(session, service);
    for (Object item : versions) {
      JsonObject version = (JsonObject) item;
      for (Object n : version.getJsonArray("nodes", new JsonArray())) {
        JsonObject node = (JsonObject) n;
        JsonObject call = new JsonObject().put("service", service).put("endpoint", endpoint)
          .put("address", node.getString("address")).put("request", new JsonObject()).put("retries", 0);
        try {
          JsonObject reply = (JsonObject) Calls.json(Calls.rpc(session, call, timeout));
          answers.add(new Answer(service, version.getString("version"), node, reply, null));
        } catch (MicroException e) {
          answers.add(new Answer(service, version.getString("version"), node, null, e));
        }
      }
    }
    return answers;
  }
}
