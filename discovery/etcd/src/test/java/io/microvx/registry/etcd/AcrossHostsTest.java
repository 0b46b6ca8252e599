package io.microvx.registry.etcd;

import io.microvx.testing.Await;
import io.microvx.testing.Ci;
import io.microvx.testing.Namespaces;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three hosts of the test's own (network namespaces on a private bridge, 10.251.0.0/24): etcd on the
 * first, a greeter on each of the others. Each greeter listens on every interface and advertises its own
 * host's address; a client on the first host finds both through etcd and calls both across the network.
 */
class AcrossHostsTest {

  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void greetersOnTwoHostsRegisterTheirOwnAddressesAndAClientOnAThirdCallsBoth() throws Exception {
    Ci.require(EtcdProcess.onPath("etcd") && EtcdProcess.onPath("etcdctl"),
      "etcd is not installed (scripts/services/start etcd installs it with apt)");
    List<Process> processes = new ArrayList<>();
    Path data = Files.createTempDirectory("microvx-across");
    try (Namespaces network = Namespaces.network("10.251.0")) {
      String etcdHost = network.host("etcd", 1);
      String hostB = network.host("b", 2);
      String hostC = network.host("c", 3);
      String etcd = network.address(1) + ":2379";

      processes.add(new ProcessBuilder(Namespaces.in(etcdHost, List.of("etcd", "--name", "across",
        "--data-dir", data.resolve("etcd").toString(),
        "--listen-client-urls", "http://" + etcd, "--advertise-client-urls", "http://" + etcd,
        "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
        "--initial-cluster", "across=http://127.0.0.1:2380")))
        .redirectErrorStream(true).redirectOutput(data.resolve("etcd.log").toFile()).start());
      Await.until("etcd on the first host", START, () -> exitCode(Namespaces.in(etcdHost,
        List.of("etcdctl", "--endpoints", etcd, "--command-timeout=2s", "endpoint", "health"))) == 0);

      List<String> registered = new ArrayList<>();
      for (String host : List.of(hostB, hostC)) {
        Process greeter = java(host, "greeter", etcd);
        processes.add(greeter);
        String line = firstLine(greeter, "registered");
        registered.add(line.substring("registered ".length()));
      }
      assertThat(registered).as("each greeter advertises its own host's address")
        .satisfiesExactly(a -> assertThat(a).startsWith(network.address(2) + ":"),
          a -> assertThat(a).startsWith(network.address(3) + ":"));

      Process client = java(etcdHost, "client", etcd);
      processes.add(client);
      List<String> out = lines(client);
      assertThat(client.waitFor()).as(String.join("\n", out)).isZero();
      assertThat(out).contains("nodes " + String.join(" ", registered.stream().sorted().toList()))
        .as("both greeters answered, each from its own host")
        .contains("answered " + network.address(2) + " " + network.address(3));
    } finally {
      processes.forEach(Process::destroyForcibly);
      for (Process process : processes) {
        process.waitFor(10, TimeUnit.SECONDS);
      }
      EtcdProcess.deleteFolder(data);
    }
  }

  private static Process java(String namespace, String... args) throws IOException {
    return new ProcessBuilder(Namespaces.in(namespace, EtcdProcess.java(AcrossHostsMain.class.getName(), args)))
      .redirectErrorStream(true).start();
  }

  /** The first line of the process's output starting with {@code prefix}; fails when it exits or fails first. */
  private static String firstLine(Process process, String prefix) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
      List<String> seen = new ArrayList<>();
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(prefix) || line.startsWith("failed")) {
            return line;
          }
          seen.add(line);
        }
      } catch (IOException e) {
        // ended below
      }
      return "exited: " + String.join("\n", seen);
    });
    String line = found.get(START.toSeconds(), TimeUnit.SECONDS);
    assertThat(line).startsWith(prefix);
    return line;
  }

  private static List<String> lines(Process process) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  private static int exitCode(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
