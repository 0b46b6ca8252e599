package io.microvx.cli;

import io.vertx.core.json.JsonObject;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "shell", description = {"An interactive shell for these commands.",
  "Type any command without the `micro` prefix; history in ~/.micro_history, tab completion of commands",
  "and service names. `exit` or Ctrl-D leaves."},
  footer = {"", "Example:", "  micro shell", "  micro> call greeter Say.Hello {\"name\":\"Ada\"}"})
final class ShellCommand implements Callable<Integer> {

  private static final Set<String> TAKES_A_SERVICE = Set.of("call", "stream", "health", "stats", "service");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GlobalOptions global = ((Micro) spec.root().userObject()).global;
    List<String> commands = spec.root().subcommands().keySet().stream().filter(c -> !c.equals("shell")).sorted().toList();
    try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
      LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("micro")
        .completer(new Completions(commands, global))
        .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".micro_history"))
        .build();
      while (true) {
        String line;
        try {
          line = reader.readLine("micro> ");
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          return 0;
        }
        List<String> words = reader.getParser().parse(line, 0).words().stream().filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
          continue;
        }
        if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
          return 0;
        }
        if (words.get(0).equals("shell")) {
          System.err.println("micro: already in the shell");
          continue;
        }
        Micro.execute(withGlobals(words, global), System.out, System.err);
      }
    }
  }

  /** The shell's own proxy and output options carry over to each command it runs. */
  private static String[] withGlobals(List<String> words, GlobalOptions global) {
    List<String> args = new java.util.ArrayList<>(words);
    args.add("--proxy_address=" + global.proxyAddress);
    if (global.proxyToken != null) {
      args.add("--proxy_token=" + global.proxyToken);
    }
    if (global.proxyTlsCa != null) {
      args.add("--proxy_tls_ca=" + global.proxyTlsCa);
    }
    if (words.stream().noneMatch(w -> w.startsWith("-o") || w.startsWith("--output"))) {
      args.add("--output=" + global.output);
    }
    return args.toArray(String[]::new);
  }

  /** Commands first; then service names where a command takes one (asked of the proxy as needed). */
  private static final class Completions implements Completer {
    private final List<String> commands;
    private final GlobalOptions global;

    Completions(List<String> commands, GlobalOptions global) {
      this.commands = commands;
      this.global = global;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
      if (line.wordIndex() == 0) {
        commands.forEach(c -> candidates.add(new Candidate(c)));
        return;
      }
      String previous = line.words().get(line.wordIndex() - 1);
      if (line.wordIndex() == 1 && (previous.equals("list") || previous.equals("get") || previous.equals("register")
        || previous.equals("deregister"))) {
        (previous.equals("list") ? List.of("services", "nodes") : List.of("service")).forEach(w -> candidates.add(new Candidate(w)));
        return;
      }
      if (TAKES_A_SERVICE.contains(previous)) {
        serviceNames().forEach(name -> candidates.add(new Candidate(name)));
      }
    }

    private Set<String> serviceNames() {
      Set<String> names = new TreeSet<>();
      try (Session session = new Session(global)) {
        for (Object service : Calls.services(session)) {
          names.add(((JsonObject) service).getString("name"));
        }
      } catch (RuntimeException e) {
        // no proxy to ask: no names to offer
      }
      return names;
    }
  }
}
