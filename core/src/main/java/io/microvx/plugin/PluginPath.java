package io.microvx.plugin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The plugin jars a launcher adds to the class path: those named by {@code MICRO_PLUGIN_PATH} (folders
 * and jars, separated by the OS path separator), or those in {@code ~/.micro/plugins} when it is unset.
 * A folder contributes the jars directly in it, so a plugin's jar and its dependencies' jars go side by
 * side; a folder that does not exist contributes none. An entry of {@code MICRO_PLUGIN_PATH} that is
 * there but is no readable jar or folder, or a jar that is not there, is ignored with a
 * {@linkplain #warnings() warning}; a folder's other files are ignored silently.
 *
 * <p>The {@code micro} command reads it before any command runs: it {@linkplain #install() installs} the
 * jars in its own process and appends them to the class path of the service {@code micro run} starts.
 * Reading folders is blocking file I/O: never on an event loop.
 */
public final class PluginPath {

  /** The environment variable naming the plugin folders and jars. */
  public static final String VARIABLE = "MICRO_PLUGIN_PATH";

  private final List<Path> jars;
  private final List<String> warnings;

  private PluginPath(List<Path> jars, List<String> warnings) {
    this.jars = List.copyOf(jars);
    this.warnings = List.copyOf(warnings);
  }

  /** The jars named by {@code MICRO_PLUGIN_PATH}, or those in {@link #defaultFolder()} when it is unset. */
  public static PluginPath fromEnvironment() {
    return of(System.getenv(VARIABLE), defaultFolder());
  }

  /** {@code ~/.micro/plugins}. */
  public static Path defaultFolder() {
    return Path.of(System.getProperty("user.home"), ".micro", "plugins");
  }

  /** No plugin jars. */
  public static PluginPath none() {
    return new PluginPath(List.of(), List.of());
  }

  /**
   * The jars named by {@code path} (a {@code MICRO_PLUGIN_PATH} value; blank names none), or those in
   * {@code folder} when {@code path} is null.
   */
  public static PluginPath of(String path, Path folder) {
    Set<Path> jars = new LinkedHashSet<>();
    List<String> warnings = new ArrayList<>();
    if (path == null) {
      addFolder(folder, jars, null);
      return new PluginPath(new ArrayList<>(jars), warnings);
    }
    for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
      if (entry.isBlank()) {
        continue;
      }
      Path named = Path.of(entry.trim()).toAbsolutePath().normalize();
      if (Files.isDirectory(named)) {
        addFolder(named, jars, warnings);
      } else if (!Files.exists(named)) {
        // a folder that is not there (yet) holds no plugins; a missing jar is a mistake worth a word
        if (isJar(named)) {
          warnings.add(VARIABLE + ": " + named + " does not exist: ignored");
        }
      } else if (!isJar(named)) {
        warnings.add(VARIABLE + ": " + named + " is neither a jar nor a folder: ignored");
      } else if (!Files.isReadable(named)) {
        warnings.add(VARIABLE + ": " + named + " cannot be read: ignored");
      } else {
        jars.add(named);
      }
    }
    return new PluginPath(new ArrayList<>(jars), warnings);
  }

  /** The readable jars directly in a folder, by name; a folder that cannot be listed is warned about when named. */
  private static void addFolder(Path folder, Set<Path> jars, List<String> warnings) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      files.filter(file -> isJar(file) && Files.isRegularFile(file) && Files.isReadable(file))
        .map(file -> file.toAbsolutePath().normalize())
        .sorted()
        .forEach(jars::add);
    } catch (IOException | UncheckedIOException e) {
      if (warnings != null) {
        warnings.add(VARIABLE + ": " + folder + " cannot be read: ignored");
      }
    }
  }

  private static boolean isJar(Path file) {
    return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
  }

  /** The plugin jars, absolute, in the order found. */
  public List<Path> jars() {
    return jars;
  }

  /** One line for each entry of {@code MICRO_PLUGIN_PATH} that was ignored, saying why. */
  public List<String> warnings() {
    return warnings;
  }

  /** The jars as a class path ({@link File#pathSeparator} between them); empty when there are none. */
  public String classPath() {
    return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
  }

  /**
   * Makes the jars' plugins visible to {@link Plugins} in this process, and returns their class loader
   * (the current context class loader when there are no jars: nothing changes then). The loader's parent
   * is the toolkit's own loader; it becomes the current thread's context class loader, which threads and
   * Vert.x contexts made afterwards inherit, and {@link Plugins} also consults it from any thread whose
   * context class loader is one of its parents, so a thread that did not inherit it still sees the plugins.
   */
  public ClassLoader install() {
    if (jars.isEmpty()) {
      return Thread.currentThread().getContextClassLoader();
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    ClassLoader loader = new URLClassLoader("micro-plugins", urls, PluginPath.class.getClassLoader());
    Plugins.install(loader);
    Thread.currentThread().setContextClassLoader(loader);
    return loader;
  }
}
