package io.microvx.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "get", description = "Show a service: its versions, nodes and endpoints.",
  footer = {"", "Examples:", "  micro get service greeter", "  micro get service greeter --output json"})
final class GetCommand extends ProxyCommand {

  @Parameters(index = "0", paramLabel = "service", description = "What to get (service).")
  String what;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The service's name.")
  String name;

  @Override
  int execute(Session session, Output out) {
    if (!what.equals("service")) {
      // micro get greeter: what was meant is plain, and so is the way to say it
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), name == null
        ? "get what? To show the service " + what + ": micro get service " + what
        : "get service NAME, not get " + what);
    }
    if (name == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "get service NAME: which service? `micro list services` lists them");
    }
    JsonArray versions = Calls.service(session, name);
    if (out.json()) {
      out.json(versions);
      return 0;
    }
    for (Object item : versions) {
      JsonObject service = (JsonObject) item;
      out.line("service  " + service.getString("name"));
      out.line("version  " + Output.version(service.getString("version")));
      out.line("");
      List<List<String>> nodes = new ArrayList<>();
      for (Object n : service.getJsonArray("nodes", new JsonArray())) {
        JsonObject node = (JsonObject) n;
        nodes.add(List.of(node.getString("id"), node.getString("address"), metadata(node.getJsonObject("metadata"))));
      }
      out.table(List.of("NODE", "ADDRESS", "METADATA"), nodes);
      out.line("");
      for (Object e : service.getJsonArray("endpoints", new JsonArray())) {
        JsonObject endpoint = (JsonObject) e;
        JsonObject md = endpoint.getJsonObject("metadata", new JsonObject());
        String kind = "true".equals(md.getString("subscriber")) ? "  (subscriber of " + md.getString("topic") + ")"
          : "true".equals(md.getString("stream")) ? "  (stream)" : "";
        out.line("endpoint " + endpoint.getString("name") + kind);
        shape("  request ", endpoint.getJsonObject("request"), out);
        shape("  response", endpoint.getJsonObject("response"), out);
      }
    }
    return 0;
  }

  private static String metadata(JsonObject metadata) {
    if (metadata == null) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    metadata.stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> pairs.add(e.getKey() + "=" + e.getValue()));
    return String.join(",", pairs);
  }

  /** A value tree as {@code Type {field type, …}}. */
  private static void shape(String label, JsonObject value, Output out) {
    if (value == null) {
      return;
    }
    out.line(label + " " + value.getString("type") + " " + fields(value.getJsonArray("values")));
  }

  private static String fields(JsonArray values) {
    if (values == null || values.isEmpty()) {
      return "{}";
    }
    List<String> parts = new ArrayList<>();
    for (Object v : values) {
      JsonObject field = (JsonObject) v;
      JsonArray nested = field.getJsonArray("values");
      parts.add(field.getString("name") + " " + field.getString("type") + (nested == null || nested.isEmpty() ? "" : " " + fields(nested)));
    }
    return "{" + String.join(", ", parts) + "}";
  }
}
