package io.microvx.plugin;

import io.microvx.testing.Await;
import io.microvx.testing.PluginJars;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PluginPathTest {

  @Test
  void readsTheJarsOfEachFolderAndTheJarsNamed(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("plugins"));
    Path b = Files.createFile(folder.resolve("b.jar"));
    Path a = Files.createFile(folder.resolve("a.jar"));
    Files.createFile(folder.resolve("README.txt"));
    Files.createDirectories(folder.resolve("nested.jar"));
    Path alone = Files.createFile(dir.resolve("alone.jar"));

    PluginPath path = PluginPath.of(folder + File.pathSeparator + File.pathSeparator + alone + File.pathSeparator + a, null);

    assertThat(path.jars()).containsExactly(a, b, alone);
    assertThat(path.warnings()).isEmpty();
    assertThat(path.classPath()).isEqualTo(a + File.pathSeparator + b + File.pathSeparator + alone);
  }

  @Test
  void withoutTheVariableTheDefaultFolderIsReadAndMayBeMissing(@TempDir Path home) throws Exception {
    Path folder = home.resolve(".micro/plugins");
    PluginPath missing = PluginPath.of(null, folder);
    assertThat(missing.jars()).isEmpty();
    assertThat(missing.warnings()).isEmpty();

    Path jar = Files.createFile(Files.createDirectories(folder).resolve("x.jar"));
    assertThat(PluginPath.of(null, folder).jars()).containsExactly(jar);
    assertThat(PluginPath.of("", folder).jars()).as("a blank variable names no plugins").isEmpty();
  }

  @Test
  void namedEntriesThatAreNoJarAreIgnoredWithAWarning(@TempDir Path dir) throws Exception {
    Path notes = Files.createFile(dir.resolve("notes.txt"));
    Path missingJar = dir.resolve("missing.jar");
    Path missingFolder = dir.resolve("not-yet");

    PluginPath path = PluginPath.of(notes + File.pathSeparator + missingJar + File.pathSeparator + missingFolder, null);

    assertThat(path.jars()).isEmpty();
    assertThat(path.warnings()).containsExactly(
      "MICRO_PLUGIN_PATH: " + notes + " is neither a jar nor a folder: ignored",
      "MICRO_PLUGIN_PATH: " + missingJar + " does not exist: ignored");
  }

  @Test
  void installedPluginsAreSeenFromThreadsThatDidNotInheritTheLoader(@TempDir Path dir) throws Exception {
    Path jar = PluginJars.registry(dir.resolve("installed.jar"), "test.InstalledRegistry", "installed", "memory");
    Thread main = Thread.currentThread();
    ClassLoader before = main.getContextClassLoader();
    try {
      ClassLoader loader = PluginPath.of(jar.toString(), null).install();
      assertThat(main.getContextClassLoader()).isSameAs(loader);
      assertThat(Plugins.available(RegistryProvider.class)).contains("installed");

      // a thread carrying the application class loader, as one made before the install would
      CompletableFuture<Set<String>> elsewhere = new CompletableFuture<>();
      Thread other = new Thread(() -> elsewhere.complete(Plugins.available(RegistryProvider.class)));
      other.setContextClassLoader(Plugins.class.getClassLoader());
      other.start();
      assertThat(elsewhere.get(20, TimeUnit.SECONDS)).contains("installed");

      Vertx vertx = Vertx.vertx();
      try {
        assertThat(Await.result(vertx.executeBlocking(() -> Plugins.available(RegistryProvider.class)))).contains("installed");
      } finally {
        Await.result(vertx.close());
      }
    } finally {
      Plugins.install(null);
      main.setContextClassLoader(before);
    }
    assertThat(Plugins.available(RegistryProvider.class)).doesNotContain("installed");
  }

  @Test
  void withNoJarsInstallChangesNothing() {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    assertThat(PluginPath.none().install()).isSameAs(before);
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    assertThat(Plugins.loader()).isSameAs(before);
  }
}
