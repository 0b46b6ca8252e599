package io.microvx.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

@Command(name = "list", description = "List services, or the nodes of every service.",
  footer = {"", "Examples:", "  micro list services", "  micro list nodes --output json"})
final class ListCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "services|nodes", description = "What to list.")
  String what;

  @Override
  int execute(Session session, Output out) {
    if (!what.equals("services") && !what.equals("nodes")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "list services or list nodes, not " + what);
    }
    JsonArray services = Calls.services(session);
    if (out.json()) {
      out.json(services);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    if (what.equals("services")) {
      Map<String, TreeSet<String>> versions = new TreeMap<>();
      Map<String, Integer> nodes = new TreeMap<>();
      for (Object item : services) {
        JsonObject service = (JsonObject) item;
        String name = service.getString("name");
        versions.computeIfAbsent(name, n -> new TreeSet<>()).add(Output.version(service.getString("version")));
        JsonArray list = service.getJsonArray("nodes");
        nodes.merge(name, list == null ? 0 : list.size(), Integer::sum);
      }
      versions.forEach((name, v) -> rows.add(List.of(name, String.join(", ", v), String.valueOf(nodes.get(name)))));
      out.table(List.of("SERVICE", "VERSIONS", "NODES"), rows);
    } else {
      for (Object item : services) {
        JsonObject service = (JsonObject) item;
        JsonArray list = service.getJsonArray("nodes", new JsonArray());
        for (Object n : list) {
          JsonObject node = (JsonObject) n;
          rows.add(List.of(service.getString("name"), Output.version(service.getString("version")), node.getString("id"),
            node.getString("address")));
        }
      }
      out.table(List.of("SERVICE", "VERSION", "NODE", "ADDRESS"), rows);
    }
    return 0;
  }
}
