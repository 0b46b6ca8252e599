package io.microvx.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "health", description = "Ask every node of a service for Debug.Health; exit 1 if any is unwell.",
  footer = {"", "Example:", "  micro health greeter"})
final class HealthCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Override
  int execute(Session session, Output out) {
    List<NodeCalls.Answer> answers = NodeCalls.each(session, service, "Debug.Health", global().timeout());
    boolean healthy = true;
    List<List<String>> rows = new ArrayList<>();
    JsonArray json = new JsonArray();
    for (NodeCalls.Answer answer : answers) {
      boolean ok = answer.error() == null && "ok".equals(answer.reply().getString("status"));
      healthy &= ok;
      String status = ok ? "ok" : answer.error() != null ? Micro.message(answer.error()) : answer.reply().encode();
      rows.add(List.of(answer.node().getString("id"), answer.node().getString("address"), Output.version(answer.version()),
        ok ? out.green(status) : out.red(status)));
      json.add(new JsonObject().put("node", answer.node().getString("id")).put("address", answer.node().getString("address"))
        .put("version", answer.version()).put("status", status));
    }
    if (out.json()) {
      out.json(json);
    } else {
      out.table(List.of("NODE", "ADDRESS", "VERSION", "STATUS"), rows);
    }
    return healthy ? 0 : 1;
  }
}
