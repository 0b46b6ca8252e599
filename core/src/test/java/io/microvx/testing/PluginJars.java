package io.microvx.testing;

import io.microvx.plugin.RegistryProvider;
import io.microvx.registry.Registry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds plugin jars for tests, as a plugin's author would: a provider class compiled with the JDK's
 * compiler and listed in {@code META-INF/services}, so it is loaded from the jar and nowhere else.
 */
public final class PluginJars {

  private PluginJars() {
  }

  /**
   * A jar holding the registry plugin {@code className} named {@code name} (and {@code aliases}). It
   * prints {@code "<name> plugin: registry made"} when it makes a registry, and makes it by asking for
   * the registry plugin {@code delegate} ({@code memory}, {@code proxy}).
   */
  public static Path registry(Path jar, String className, String name, String delegate, String... aliases) {
    int dot = className.lastIndexOf('.');
    String source = (dot < 0 ? "" : "package " + className.substring(0, dot) + ";\n")
      + "public final class " + className.substring(dot + 1) + " implements io.microvx.plugin.RegistryProvider {\n"
      + "  public String name() { return \"" + name + "\"; }\n"
      + "  public java.util.Set<String> aliases() { return java.util.Set.of(" + quoted(aliases) + "); }\n"
      + "  public io.microvx.registry.Registry create(io.vertx.core.Vertx vertx, io.vertx.core.json.JsonObject config) {\n"
      + "    System.out.println(\"" + name + " plugin: registry made\");\n"
      + "    return io.microvx.plugin.Plugins.registry(vertx, \"" + delegate + "\", config);\n"
      + "  }\n"
      + "}\n";
    return build(jar, className, source, RegistryProvider.class.getName());
  }

  private static String quoted(String... values) {
    return Stream.of(values).map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
  }

  private static Path build(Path jar, String className, String source, String service) {
    try {
      Path work = Files.createTempDirectory("plugin-src");
      Path file = work.resolve("src").resolve(className.replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source);
      Path classes = Files.createDirectories(work.resolve("classes"));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null) {
        throw new IllegalStateException("tests need a JDK (its compiler), not a JRE");
      }
      String classPath = Stream.of(RegistryProvider.class, Registry.class, Vertx.class, JsonObject.class)
        .map(PluginJars::locationOf).distinct().collect(Collectors.joining(File.pathSeparator));
      int status = javac.run(null, null, System.err, "-proc:none", "-cp", classPath, "-d", classes.toString(), file.toString());
      if (status != 0) {
        throw new IllegalStateException("the test plugin did not compile: " + source);
      }
      Files.createDirectories(jar.toAbsolutePath().getParent());
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
           Stream<Path> compiled = Files.walk(classes)) {
        for (Path path : compiled.filter(Files::isRegularFile).sorted().toList()) {
          put(out, classes.relativize(path).toString().replace(File.separatorChar, '/'), Files.readAllBytes(path));
        }
        put(out, "META-INF/services/" + service, (className + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return jar;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static String locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A jar holding a copy of the registry plugin {@code provider} as the class path has it, and listing it. */
  public static Path copyOf(Path jar, Class<? extends RegistryProvider> provider) {
    String entry = provider.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
         var bytes = provider.getClassLoader().getResourceAsStream(entry)) {
      put(out, entry, bytes.readAllBytes());
      put(out, "META-INF/services/" + RegistryProvider.class.getName(), (provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      return jar;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
