package io.microvx.cli;

import io.microvx.errors.MicroException;
import io.microvx.plugin.PluginPath;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;

/**
 * {@code micro}: the toolkit's command line. Exit status 0 when all went well, 1 when a call or command
 * failed, 2 for bad usage; errors are one line on stderr (stack traces with {@code --verbose}).
 */
@Command(name = "micro", mixinStandardHelpOptions = true, versionProvider = Micro.Version.class,
  description = "The Micro toolkit on Vert.x: run a local environment, run services, call and inspect them.",
  subcommands = {ServerCommand.class, ApiCommand.class, WebCommand.class, ProxyServerCommand.class, BotCommand.class, RunCommand.class, ListCommand.class, GetCommand.class, CallCommand.class,
    StreamCommand.class, PublishCommand.class, SubscribeCommand.class, HealthCommand.class, StatsCommand.class,
    RegisterCommand.class, DeregisterCommand.class, NewCommand.class, ShellCommand.class, PluginsCommand.class,
    CommandLine.HelpCommand.class},
  footer = {"", "Examples:", "  micro server", "  micro run examples/target/greeter.jar",
    "  micro call greeter Say.Hello '{\"name\":\"Ada\"}'", "  micro list services --output json"})
public final class Micro implements Runnable {

  @Mixin
  GlobalOptions global = new GlobalOptions();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The plugin jars of this run, read by {@link #main} before any command: {@code micro run} passes them on. */
  static PluginPath plugins = PluginPath.none();

  public static void main(String[] args) {
    plugins = PluginPath.fromEnvironment();
    plugins.warnings().forEach(warning -> System.err.println("micro: " + warning));
    plugins.install();
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs a command line, printing to the given streams; returns the exit status. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = commandLine(out, err);
    return commandLine.execute(args);
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    Micro micro = new Micro();
    CommandLine commandLine = new CommandLine(micro);
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // every command answers --help: the root's standard help options do not reach subcommands
    commandLine.getSubcommands().values().stream().map(CommandLine::getCommandSpec)
      .filter(sub -> !sub.optionsMap().containsKey("--help"))
      .forEach(sub -> sub.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build()));
    for (String name : new String[] {"server", "proxy", "run", "api", "web", "bot"}) {
      PluginsCommand.addHelpSection(commandLine.getSubcommands().get(name));
    }
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      boolean verbose = micro.global.verbose;
      new Output(out, err, Output.Format.TABLE).error(message(e));
      if (verbose) {
        e.printStackTrace(err);
      }
      return e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException ? 2 : 1;
    });
    commandLine.setParameterExceptionHandler((e, parsed) -> {
      new Output(out, err, Output.Format.TABLE).error(e.getMessage() + suggestion(e));
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage and examples.");
      return 2;
    });
    return commandLine;
  }

  /** For an unknown option or command, the closest known one picocli found. */
  private static String suggestion(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      return ": did you mean " + unmatched.getSuggestions().get(0) + "?";
    }
    return "";
  }

  /** A failure as the one line people see. */
  static String message(Throwable failure) {
    if (failure instanceof MicroException e) {
      String detail = e.detail().isEmpty() ? e.status() : e.detail();
      return e.code() > 0 ? detail + " (" + e.code() + (e.status().isEmpty() ? "" : " " + e.status()) + ")" : detail;
    }
    String message = failure.getMessage();
    return message == null ? failure.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }

  /** The toolkit's version, from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Micro.class.getPackage().getImplementationVersion();
      return new String[] {"micro " + (version == null ? "dev" : version) + " (Micro for Vert.x)"};
    }
  }
}
