package io.microvx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

@Command(name = "run", description = {"Run a service verticle in a process of its own.",
  "It goes through Vert.x's launcher (VertxApplication), configured by MICRO_* variables and --conf;",
  "with --watch it runs a copy of the jar and restarts once for each new build of it. Against a local",
  "micro server the service listens on 127.0.0.1 unless MICRO_SERVER_ADDRESS says otherwise.",
  "The plugins folder's jars go on its class path, after the service's own. A service that cannot start",
  "is one line and exit 1; the service stops (deregistered) when micro run ends, however it ends."},
  footer = {"", "Examples:", "  micro run examples/target/greeter.jar",
    "  micro run examples/target/greeter.jar --registry NAME --transport NAME",
    "  micro run com.example.GreeterVerticle --cp target/classes:lib/* --instances 2",
    "  micro run target/demo.jar --watch --conf '{\"server_name\":\"demo\"}'"})
final class RunCommand implements Callable<Integer> {

  /** Stands for the jar in the command: the jar itself, or with --watch a copy of it a build cannot overwrite. */
  private static final String JAR_PLACEHOLDER = "\u0000jar\u0000";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JAR|CLASS", description = "A service jar (its Main-Verticle) or a verticle class.")
  String target;

  @Option(names = "--verticle", paramLabel = "CLASS", description = "The verticle in the jar, if its manifest names none.")
  String verticle;

  @Option(names = "--cp", paramLabel = "CLASSPATH", description = "Where a verticle class is found (default: .).")
  String classpath;

  @Option(names = "--instances", paramLabel = "N", defaultValue = "1", description = "Verticle instances (default 1).")
  int instances;

  @Option(names = "--conf", paramLabel = "JSON|FILE", description = "The verticle's configuration.")
  String conf;

  @Option(names = "--watch", description = "Restart the service when a new build of its jar is complete.")
  boolean watch;

  @Option(names = "--registry", paramLabel = "NAME",
    description = "Registry plugin of the service (sets MICRO_REGISTRY; default proxy, micro server's).")
  String registry;

  @Option(names = {"--registry_address", "--registry-address"}, paramLabel = "ADDRESS",
    description = "Where its registry plugin connects (sets MICRO_REGISTRY_ADDRESS).")
  String registryAddress;

  @Option(names = "--broker", paramLabel = "NAME", description = "Broker plugin of the service (sets MICRO_BROKER; default proxy).")
  String broker;

  @Option(names = {"--broker_address", "--broker-address"}, paramLabel = "ADDRESS",
    description = "Where its broker plugin listens or connects (sets MICRO_BROKER_ADDRESS).")
  String brokerAddress;

  @Option(names = "--transport", paramLabel = "NAME", description = "Transport plugin of the service (sets MICRO_TRANSPORT; default http).")
  String transport;

  private volatile Process child;
  /** The copy of the jar the service runs from, with --watch. */
  private Path copy;
  private volatile boolean stopping;
  /** The service ended by itself: the JVM is exiting with its status, which the stop hook must leave alone. */
  private volatile boolean ended;

  @Override
  public Integer call() throws Exception {
    GlobalOptions global = ((Micro) spec.root().userObject()).global;
    if (instances < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--instances must be at least 1");
    }
    List<String> command = command();
    Path jar = target.endsWith(".jar") ? Path.of(target) : null;
    if (watch && jar == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--watch needs a jar to watch");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (ended) {
        return;
      }
      stopping = true;
      stop(child);
      // the service was stopped as asked: a success, not the JVM's 143
      Runtime.getRuntime().halt(0);
    }, "micro-run-stop"));
    long stamp = jar == null ? 0 : Files.getLastModifiedTime(jar).toMillis();
    String digest = jar == null ? null : digest(jar);
    child = start(command, global);
    while (true) {
      if (!watch) {
        int status = child.waitFor();
        ended = true;
        // the service said why in one line (RunChild); the status says it failed
        return status == 0 ? 0 : 1;
      }
      if (!child.isAlive()) {
        // the service ended by itself: wait for a new jar, looking twice a second
        Thread.sleep(500);
      } else if (child.waitFor(500, TimeUnit.MILLISECONDS)) {
        continue;
      }
      if (stopping) {
        return 0;
      }
      if (changed(jar, stamp) && settled(jar)) {
        stamp = Files.getLastModifiedTime(jar).toMillis();
        // a build writes the jar more than once (and touches it): restart only for a complete jar with new content
        String now = complete(jar) ? digest(jar) : null;
        if (now == null || now.equals(digest)) {
          continue;
        }
        digest = now;
        System.err.println("micro run: " + jar + " changed, restarting");
        stop(child);
        child = start(command, global);
      }
    }
  }

  private List<String> command() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    String mainVerticle;
    if (target.endsWith(".jar")) {
      File file = new File(target);
      if (!file.isFile()) {
        throw new IllegalArgumentException("no such jar: " + target);
      }
      mainVerticle = verticle != null ? verticle : manifestVerticle(file);
      if (mainVerticle == null) {
        throw new IllegalArgumentException(target + " names no Main-Verticle in its manifest: say which with --verticle");
      }
      command.addAll(List.of("-cp", withPlugins(JAR_PLACEHOLDER + (classpath == null ? "" : File.pathSeparator + classpath))));
    } else {
      mainVerticle = target;
      command.addAll(List.of("-cp", withPlugins(classpath == null ? "." : classpath)));
    }
    command.addAll(List.of(RunChild.class.getName(), mainVerticle, "-instances", Integer.toString(instances)));
    if (conf != null) {
      command.addAll(List.of("-conf", conf));
    }
    return command;
  }

  /**
   * After the service's own classes, which they must not shadow: the plugins folder's jars, then the
   * toolkit itself (this jar), whose bundled plugins ({@code etcd}, ...) a service jar does not carry.
   */
  private static String withPlugins(String classPath) {
    String plugins = Micro.plugins.classPath();
    String self = new File(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
    return classPath + (plugins.isEmpty() ? "" : File.pathSeparator + plugins) + File.pathSeparator + self;
  }

  private static String manifestVerticle(File jar) throws IOException {
    try (JarFile file = new JarFile(jar)) {
      return file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Verticle");
    }
  }

  /**
   * Starts the service. Its stdin is a pipe from this process, which it watches (RunChild): when this
   * process ends, however it ends, the service stops. With --watch it runs from a copy of the jar, so that
   * a build rewriting the jar in place cannot pull classes from under the running service.
   */
  private Process start(List<String> command, GlobalOptions global) throws IOException {
    String jar = target;
    if (watch) {
      if (copy != null) {
        Files.deleteIfExists(copy);
      }
      Path dir = Files.createTempDirectory("micro-run-");
      dir.toFile().deleteOnExit();
      copy = Files.copy(Path.of(target), dir.resolve(Path.of(target).getFileName()));
      copy.toFile().deleteOnExit();
      jar = copy.toString();
    }
    String running = jar;
    List<String> resolved = command.stream().map(arg -> arg.replace(JAR_PLACEHOLDER, running)).toList();
    ProcessBuilder builder = new ProcessBuilder(resolved).redirectInput(ProcessBuilder.Redirect.PIPE)
      .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    environment(builder.environment(), global);
    return builder.start();
  }

  private static boolean complete(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest() != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static String digest(Path jar) throws IOException {
    try (InputStream in = Files.newInputStream(jar)) {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the service is told through its environment, which it inherits from this CLI. */
  void environment(Map<String, String> env, GlobalOptions global) {
    // the service finds micro server where this CLI was told it is
    env.putIfAbsent("MICRO_PROXY_ADDRESS", global.proxyAddress);
    // a local environment stays on this machine: listen on loopback, not on every interface
    if (isLoopback(global.proxyAddress)) {
      env.putIfAbsent("MICRO_SERVER_ADDRESS", "127.0.0.1:0");
    }
    if (global.proxyToken != null) {
      env.putIfAbsent("MICRO_PROXY_TOKEN", global.proxyToken);
    }
    // plugins named as flags win over those the environment names
    putIfGiven(env, "MICRO_REGISTRY", registry);
    putIfGiven(env, "MICRO_REGISTRY_ADDRESS", registryAddress);
    putIfGiven(env, "MICRO_BROKER", broker);
    putIfGiven(env, "MICRO_BROKER_ADDRESS", brokerAddress);
    putIfGiven(env, "MICRO_TRANSPORT", transport);
  }

  private static void putIfGiven(Map<String, String> env, String variable, String value) {
    if (value != null) {
      env.put(variable, value);
    }
  }

  private static boolean isLoopback(String address) {
    String host = io.microvx.transport.Addresses.hostOf(address.replaceFirst("^[a-z]+://", ""));
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /** Asks the service to stop (SIGTERM: it deregisters and drains), and insists after a while. */
  private static void stop(Process process) {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean changed(Path jar, long stamp) throws IOException {
    return Files.exists(jar) && Files.getLastModifiedTime(jar).toMillis() != stamp;
  }

  /** A jar being written is left alone until its size stops changing. */
  private static boolean settled(Path jar) throws IOException, InterruptedException {
    long size = Files.size(jar);
    Thread.sleep(300);
    return Files.exists(jar) && Files.size(jar) == size;
  }
}
