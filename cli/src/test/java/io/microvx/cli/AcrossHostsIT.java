package io.microvx.cli;

import io.microvx.testing.Ci;
import io.microvx.testing.Namespaces;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's "More than one machine", run as written on three hosts of the test's own (network namespaces
 * on a private bridge, 10.251.0.0/24): etcd and micro server on the first, a greeter started by
 * {@code micro run} on each of the others, listening on every interface and advertising its own host's
 * address, and the CLI on the first host calling both across the network.
 */
class AcrossHostsIT {

  private static final Duration START = Duration.ofSeconds(120);

  @Test
  void greetersOnTwoHostsAreFoundThroughEtcdAndCalledFromAThird(@TempDir Path data) throws Exception {
    Ci.require(Ci.onPath("etcd") && Ci.onPath("etcdctl"), "etcd is not installed (scripts/services/start etcd installs it with apt)");
    List<Processes> hosts = new ArrayList<>();
    try (Namespaces network = Namespaces.network("10.251.0")) {
      String first = network.host("first", 1);
      String etcd = network.address(1) + ":2379";
      Processes onFirst = new Processes(Namespaces.in(first, List.of()));
      hosts.add(onFirst);
      onFirst.start(data.toAbsolutePath(), Map.of(), Namespaces.in(first, List.of("etcd", "--name", "across",
        "--data-dir", data.resolve("etcd").toString(),
        "--listen-client-urls", "http://" + etcd, "--advertise-client-urls", "http://" + etcd,
        "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
        "--initial-cluster", "across=http://127.0.0.1:2380")).toArray(String[]::new));
      awaitHealthy(first, etcd);

      // host 1: micro server --registry etcd --registry_address 10.251.0.1:2379
      Processes.Running server = onFirst.micro(Map.of(), "server", "--registry", "etcd", "--registry_address", etcd,
        "--no-api", "--no-web");
      server.awaitLine(l -> l.startsWith("proxy listening on 127.0.0.1:8081"), START);

      // hosts 2 and 3: MICRO_REGISTRY=etcd ... MICRO_SERVER_ADDRESS=0.0.0.0:0 micro run examples/target/greeter.jar
      Map<String, String> greeterEnv = Map.of("MICRO_REGISTRY", "etcd", "MICRO_REGISTRY_ADDRESS", etcd,
        "MICRO_BROKER", "http", "MICRO_SERVER_ADDRESS", "0.0.0.0:0");
      for (int host = 2; host <= 3; host++) {
        Processes on = new Processes(Namespaces.in(network.host("h" + host, host), List.of()));
        hosts.add(on);
        on.micro(greeterEnv, "run", Processes.GREETER_JAR.toString());
      }

      // back on host 1: micro health greeter; micro call greeter Say.Hello '{"name":"Ada"}'
      List<String> addresses = awaitNodes(onFirst, 2);
      assertThat(addresses).as("each greeter advertises its own host's address").satisfiesExactly(
        a -> assertThat(a).startsWith(network.address(2) + ":"), a -> assertThat(a).startsWith(network.address(3) + ":"));
      Processes.Result health = onFirst.run(Map.of(), null, "health", "greeter");
      assertThat(health.exit()).as(health.out() + health.err()).isZero();
      assertThat(health.out().lines().filter(l -> l.endsWith(" ok")))
        .as("each node called at its own address, across the network").hasSize(2)
        .anyMatch(l -> l.contains(addresses.get(0))).anyMatch(l -> l.contains(addresses.get(1)));
      Processes.Result call = onFirst.run(Map.of(), null, "call", "greeter", "Say.Hello", "{\"name\":\"Ada\"}");
      assertThat(call.exit()).as(call.err()).isZero();
      assertThat(new JsonObject(call.out())).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
    } finally {
      hosts.forEach(Processes::close);
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
