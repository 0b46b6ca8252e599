package io.microvx.cli;

import io.microvx.plugin.Plugin;
import io.microvx.plugin.Plugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plugins", description = {"List the plugins this micro command has: registries, brokers, transports and selectors,",
  "bundled in micro.jar or from the plugins folder (MICRO_PLUGIN_PATH, default ~/.micro/plugins), with the jar",
  "each came from. micro run adds the same jars to the class path of the service it starts."},
  footer = {"", "Examples:", "  micro plugins", "  micro plugins --output json"})
final class PluginsCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Output out = new Output(System.out, System.err, ((Micro) spec.root().userObject()).global.format());
    List<Plugin> plugins = Plugins.list();
    if (out.json()) {
      JsonArray array = new JsonArray();
      plugins.forEach(p -> array.add(new JsonObject().put("kind", p.kind()).put("name", p.name())
        .put("aliases", new JsonArray(p.aliases())).put("source", p.source())));
      out.json(array);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    plugins.forEach(p -> rows.add(List.of(p.kind(), p.name(), String.join(", ", p.aliases()), p.source())));
    out.table(List.of("KIND", "NAME", "ALIASES", "FROM"), rows);
    return 0;
  }

  /**
   * The "Plugins:" section of the help of the commands that take plugin names (server, run, api, web):
   * what this micro command has, read when the help is shown, on the CLI's main thread.
   */
  static void addHelpSection(CommandLine command) {
    String key = "plugins";
    List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
    keys.add(key);
    command.setHelpSectionKeys(keys);
    command.getHelpSectionMap().put(key, help -> helpSection());
  }

  private static String helpSection() {
    StringBuilder text = new StringBuilder(String.format("%nPlugins (NAME is one of these; `micro plugins` says which jar each is from):%n"));
    try {
      Map<String, List<String>> names = new LinkedHashMap<>();
      Plugins.list().forEach(p -> names.computeIfAbsent(p.kind(), kind -> new ArrayList<>()).add(p.name()));
      names.forEach((kind, list) -> text.append(String.format("  %-10s %s%n", kind, String.join(", ", list))));
    } catch (RuntimeException e) {
      text.append(String.format("  %s%n", Micro.message(e)));
    }
    return text.toString();
  }
}
