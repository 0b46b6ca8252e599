package io.microvx.cli;

import io.microvx.testing.Ci;
import io.microvx.testing.Namespaces;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's "More than one machine", run as written ({@link DocShell}) on three hosts of the test's own
 * (network namespaces on a private bridge, with the README's addresses 10.0.0.1–3): etcd and micro server on the first, a greeter started by
 * {@code micro run} on each of the others, listening on every interface and advertising its own host's
 * address, and the CLI on the first host calling both across the network.
 */
class AcrossHostsIT {

  private static final Duration START = Duration.ofSeconds(120);
  private static final String README = "README.md";

  @Test
  void greetersOnTwoHostsAreFoundThroughEtcdAndCalledFromAThird(@TempDir Path data) throws Exception {
    Ci.require(Ci.onPath("etcd") && Ci.onPath("etcdctl"), "etcd is not installed (scripts/services/start etcd installs it with apt)");
    List<DocShell> shells = new ArrayList<>();
    try (Namespaces network = Namespaces.network("10.0.0"); Processes etcdProcess = new Processes()) {
      try {
        String first = network.host("first", 1);
        String etcd = network.address(1) + ":2379";
        etcdProcess.start(data.toAbsolutePath(), Map.of(), Namespaces.in(first, List.of("etcd", "--name", "across",
          "--data-dir", data.resolve("etcd").toString(),
          "--listen-client-urls", "http://" + etcd, "--advertise-client-urls", "http://" + etcd,
          "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
          "--initial-cluster", "across=http://127.0.0.1:2380")).toArray(String[]::new));
        awaitHealthy(first, etcd);

        DocShell onFirst = new DocShell(first, Files.createDirectories(data.resolve("home1")));
        shells.add(onFirst);
        Processes.Running server = onFirst.start(README, "micro server --registry etcd --registry_address 10.0.0.1:2379");
        server.awaitLine(l -> l.startsWith("proxy listening on 127.0.0.1:8081"), START);

        for (int host = 2; host <= 3; host++) {
          DocShell on = new DocShell(network.host("h" + host, host), Files.createDirectories(data.resolve("home" + host)));
          shells.add(on);
          on.start(README, "MICRO_REGISTRY=etcd MICRO_REGISTRY_ADDRESS=10.0.0.1:2379 MICRO_BROKER=http "
            + "MICRO_SERVER_ADDRESS=0.0.0.0:0 micro run examples/target/greeter.jar");
        }

        List<String> addresses = awaitNodes(new Processes(Namespaces.in(first, List.of())), 2);
        assertThat(addresses).as("each greeter advertises its own host's address").satisfiesExactly(
          a -> assertThat(a).startsWith(network.address(2) + ":"), a -> assertThat(a).startsWith(network.address(3) + ":"));
        String health = onFirst.ok(README, "micro health greeter");
        assertThat(health.lines().filter(l -> l.endsWith(" ok")))
          .as("each node called at its own address, across the network").hasSize(2)
          .anyMatch(l -> l.contains(addresses.get(0))).anyMatch(l -> l.contains(addresses.get(1)));
        String call = onFirst.ok(README, "micro call greeter Say.Hello '{\"name\":\"Ada\"}'");
        assertThat(new JsonObject(call)).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
      } finally {
        // before the hosts go: a host's processes are found through its namespace
        shells.forEach(DocShell::close);
      }
    }
  }

  private static void awaitHealthy(String namespace, String etcd) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      Process check = new ProcessBuilder(Namespaces.in(namespace, List.of("etcdctl", "--endpoints", etcd,
        "--command-timeout=2s", "endpoint", "health"))).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (check.waitFor() == 0) {
        return;
      }
      Processes.sleep(200);
    }
    throw new AssertionError("etcd did not start on " + namespace);
  }

  /** The greeter's node addresses once {@code count} are registered, sorted. */
  private static List<String> awaitNodes(Processes on, int count) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      Processes.Result get = on.run(Map.of(), null, "get", "service", "greeter", "--output", "json");
      if (get.exit() == 0) {
        List<String> addresses = new ArrayList<>();
        JsonArray versions = new JsonArray(get.out());
        for (int i = 0; i < versions.size(); i++) {
          versions.getJsonObject(i).getJsonArray("nodes").forEach(n -> addresses.add(((JsonObject) n).getString("address")));
        }
        if (addresses.size() == count) {
          return addresses.stream().sorted().toList();
        }
      }
      Processes.sleep(500);
    }
    throw new AssertionError(count + " greeters never registered");
  }

}
