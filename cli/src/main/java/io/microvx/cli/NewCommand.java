package io.microvx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "new", description = "Create a Maven project for a new service verticle, ready to build and run.",
  footer = {"", "Example:", "  micro new orders", "It prints the next steps, with the full path of this micro command."})
final class NewCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The service's name: lower case letters, digits and dashes.")
  String name;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to create it (default: ./NAME).")
  Path dir;

  @Override
  public Integer call() throws IOException {
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
        "invalid name \"" + name + "\": lower case letters, digits and dashes, starting with a letter");
    }
    Path root = dir != null ? dir : Path.of(name);
    if (Files.exists(root) && Files.list(root).findAny().isPresent()) {
      throw new IllegalArgumentException(root + " exists and is not empty");
    }
    String className = Arrays.stream(name.split("-")).map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1))
      .collect(Collectors.joining());
    String packageName = "com.example." + name.replace("-", "");
    Path self = selfJar();
    String micro = launcher(self);
    Map<String, String> values = Map.of("{{name}}", name, "{{Name}}", className, "{{package}}", packageName,
      "{{version}}", toolkitVersion(), "{{repositories}}", repositories(self), "{{micro}}", micro);
    Path sources = root.resolve("src/main/java").resolve(packageName.replace('.', '/'));
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("pom.xml.txt", root.resolve("pom.xml"));
    files.put("README.md.txt", root.resolve("README.md"));
    files.put(".gitignore.txt", root.resolve(".gitignore"));
    files.put("Verticle.java.txt", sources.resolve(className + "Verticle.java"));
    files.put("Handler.java.txt", sources.resolve(className + ".java"));
    files.put("simplelogger.properties.txt", root.resolve("src/main/resources/simplelogger.properties"));
    for (Map.Entry<String, Path> file : files.entrySet()) {
      String text = template(file.getKey());
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace(value.getKey(), value.getValue());
      }
      Files.createDirectories(file.getValue().getParent());
      Files.writeString(file.getValue(), text, StandardCharsets.UTF_8);
    }
    System.out.println("created " + root + " (service " + name + ", " + packageName + "." + className + "Verticle)");
    System.out.println("next:");
    System.out.println("  cd " + root + " && mvn -q package");
    System.out.println("  " + micro + " server    # in another terminal, if none is running");
    System.out.println("  " + micro + " run target/" + name + ".jar");
    System.out.println("  " + micro + " call " + name + " " + className + ".Call '{\"name\":\"Ada\"}'");
    return 0;
  }

  /** The jar (or classes folder) this command runs from. */
  private static Path selfJar() {
    try {
      return Path.of(NewCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * How to run this micro command from anywhere: the checkout's {@code ./micro} script by its full path
   * (micro is not on the PATH), else {@code java -jar} with this jar's full path.
   */
  static String launcher(Path self) {
    if (self != null && self.getFileName().toString().endsWith(".jar")) {
      Path script = self.toAbsolutePath().getParent().getParent().getParent().resolve("micro");
      if (Files.isExecutable(script)) {
        return script.toString();
      }
      return "java -jar " + self.toAbsolutePath();
    }
    return "micro";
  }

  /**
   * The toolkit's own Maven repository (cli/target/repo, made by its build beside micro.jar), so that the
   * project builds without the toolkit installed into ~/.m2; nothing when this micro has none.
   */
  static String repositories(Path self) {
    if (self == null) {
      return "";
    }
    Path repo = self.toAbsolutePath().getParent().resolve("repo");
    if (!Files.isDirectory(repo.resolve("io/microvx/microvx-core"))) {
      return "";
    }
    return "  <!-- the toolkit's core, from the Micro for Vert.x checkout that made this project (built by ./micro) -->\n"
      + "  <repositories>\n    <repository>\n      <id>microvx-toolkit</id>\n      <url>" + repo.toUri() + "</url>\n"
      + "      <snapshots>\n        <enabled>true</enabled>\n      </snapshots>\n    </repository>\n  </repositories>\n\n";
  }

  private static String template(String name) throws IOException {
    try (InputStream in = NewCommand.class.getResourceAsStream("template/" + name)) {
      if (in == null) {
        throw new IllegalStateException("template " + name + " is missing from the CLI");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The toolkit version the project builds against: this CLI's own. */
  static String toolkitVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = NewCommand.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    String version = properties.getProperty("version");
    return version == null || version.contains("${") ? "0.1.0-SNAPSHOT" : version;
  }
}
