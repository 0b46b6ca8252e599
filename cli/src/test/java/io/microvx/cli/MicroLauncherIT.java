package io.microvx.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ./micro} script itself: its first run after a build makes a class-data archive, later runs map it. */
class MicroLauncherIT {

  private static final Path SCRIPT = Path.of("../micro").toAbsolutePath().normalize();
  private static final Path ARCHIVE = Path.of("target/micro.jsa").toAbsolutePath();

  private final Processes processes = new Processes();

  private Processes.Result script(Map<String, String> env, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = SCRIPT.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    java.util.Map<String, String> all = new java.util.HashMap<>(env);
    // the jar was built by this Maven run: the script must not start another build
    all.put("MICRO_SKIP_BUILD", "1");
    Processes.Running run = processes.start(Path.of("."), all, command);
    assertThat(run.process.waitFor(300, TimeUnit.SECONDS)).as("%s did not finish", String.join(" ", args)).isTrue();
    run.drain();
    return new Processes.Result(run.process.exitValue(), String.join("\n", run.out), String.join("\n", run.err));
  }

  @Test
  void theFirstRunArchivesTheClassesAndTheNextLoadsThemFromTheArchive(@TempDir Path logs) throws Exception {
    Files.deleteIfExists(ARCHIVE);
    Processes.Result first = script(Map.of(), "--version");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("micro ");
    assertThat(ARCHIVE).exists();

    Path classes = logs.resolve("classes.log");
    Processes.Result next = script(Map.of("MICRO_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
      "list", "services", "--proxy_address", "127.0.0.1:" + Processes.freePort());
    assertThat(next.exit()).as("nothing listens there").isEqualTo(1);
    assertThat(next.err()).doesNotContain("archive");
    assertThat(Files.readAllLines(classes))
      .anyMatch(l -> l.contains("io.microvx.cli.Micro source: shared objects file (top)"))
      .anyMatch(l -> l.contains("io.vertx.core.http.impl.HttpClientImpl source: shared objects file (top)"));
  }
}
