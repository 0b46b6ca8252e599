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
  footer = {"", "Example:", "  micro new orders && cd orders && mvn -q package && micro run target/orders.jar"})
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
    Map<String, String> values = Map.of("{{name}}", name, "{{Name}}", className, "{{package}}", packageName,
      "{{version}}", toolkitVersion());
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
    System.out.println("next: cd " + root + " && mvn -q package && micro run target/" + name + ".jar");
    return 0;
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
