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
import java.util.concurrent.atomic.AtomicBoolean;

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
      Thread shell = Thread.currentThread();
      AtomicBoolean running = new AtomicBoolean();
      // Ctrl-C stops the command running (micro subscribe, a long call), not the shell: JLine reads the key
      // itself while it waits for a line; while a command runs, the terminal sends SIGINT, handled here
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
        if (running.get()) {
          shell.interrupt();
        }
      });
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
        running.set(true);
        try {
          Micro.execute(withGlobals(words, global), System.out, System.err);
        } finally {
          running.set(false);
          // an interrupt that came as the command ended is not for the next one
          Thread.interrupted();
        }
      }
    }
  }

  /** The shell's own proxy and output options carry over to each command it runs. */
  private static String[] withGlobals(List<String> words, GlobalOptions global) {
    List<String> args = new java.util.ArrayList<>(words);
    // an option given on the command's own line wins over the shell's (picocli takes each only once)
    if (!given(words, "--proxy_address", "--proxy-address")) {
      args.add("--proxy_address=" + global.proxyAddress);
    }
    if (global.proxyToken != null && !given(words, "--proxy_token", "--proxy-token")) {
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

  private static boolean given(List<String> words, String... names) {
    return words.stream().anyMatch(w -> java.util.Arrays.stream(names).anyMatch(n -> w.equals(n) || w.startsWith(n + "=")));
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
