package io.microvx.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "stats", description = "Show Debug.Stats of every node of a service.",
  footer = {"", "Example:", "  micro stats greeter"})
final class StatsCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Override
  int execute(Session session, Output out) {
    List<NodeCalls.Answer> answers = NodeCalls.each(session, service, "Debug.Stats", global().timeout());
    List<List<String>> rows = new ArrayList<>();
    JsonArray json = new JsonArray();
    boolean all = true;
    for (NodeCalls.Answer answer : answers) {
      String id = answer.node().getString("id");
      if (answer.error() != null) {
        all = false;
        rows.add(List.of(id, answer.node().getString("address"), out.red(Micro.message(answer.error())), "", "", "", "", "", "",
          "", ""));
        json.add(new JsonObject().put("node", id).put("error", answer.error().toJsonObject()));
        continue;
      }
      JsonObject s = answer.reply();
      rows.add(List.of(id, answer.node().getString("address"), seconds(s.getLong("uptime", 0L)),
        mebibytes(s.getLong("memory", 0L)), String.valueOf(s.getLong("threads", 0L)),
        (s.getLong("gc", 0L) / 1_000_000) + "ms", String.valueOf(s.getLong("requests", 0L)),
        String.valueOf(s.getLong("errors", 0L)), retries(s.getJsonObject("client")), hedges(s.getJsonObject("client")),
        stale(s.getJsonObject("stale"))));
      json.add(s.copy().put("node", id));
    }
    if (out.json()) {
      out.json(json);
    } else {
      out.table(List.of("NODE", "ADDRESS", "UPTIME", "MEMORY", "THREADS", "GC", "REQUESTS", "ERRORS", "RETRIES", "HEDGES",
        "STALE"), rows);
    }
    return all ? 0 : 1;
  }

  /** The retries the node's client sent, and how many more its retry budget refused; {@code -} when unknown. */
  static String retries(JsonObject client) {
    if (client == null) {
      return "-";
    }
    long refused = client.getLong("retriesRefused", 0L);
    return client.getLong("retries", 0L) + (refused > 0 ? " (" + refused + " refused)" : "");
  }

  /** The hedges the node's client sent and how many of them answered first; {@code -} when unknown. */
  static String hedges(JsonObject client) {
    if (client == null) {
      return "-";
    }
    long hedges = client.getLong("hedges", 0L);
    return hedges == 0 ? "0" : hedges + " (" + client.getLong("hedgesWon", 0L) + " won)";
  }

  /**
   * The services a node's registry cache answers from its snapshot file because the registry could not:
   * how many, and the age of the oldest data; {@code -} when everything it knows is current.
   */
  static String stale(JsonObject ages) {
    if (ages == null || ages.isEmpty()) {
      return "-";
    }
    long oldest = ages.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).max().orElse(0);
    return ages.size() + " (oldest " + seconds(oldest / 1000) + ")";
  }

  private static String seconds(long s) {
    return s >= 3600 ? s / 3600 + "h" + s % 3600 / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
  }

  private static String mebibytes(long bytes) {
    return String.format("%.1fMiB", bytes / 1048576.0);
  }
}
