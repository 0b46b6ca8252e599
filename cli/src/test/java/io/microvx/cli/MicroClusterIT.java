package io.microvx.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code micro server --cluster} processes on loopback share one registry: what is registered through
 * one server's proxy is listed through the other's, and a deregistration travels back. The cluster has a
 * name of this run's own, so no other cluster on the machine is joined; members find each other by TCP on
 * 127.0.0.1 only.
 */
class MicroClusterIT {

  private static final Pattern MEMBER = Pattern.compile("cluster \\S+: member (127\\.0\\.0\\.1:\\d+) of (\\d+)");
  private static final Processes processes = new Processes();

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  @Test
  void twoClusteredServersShareOneRegistry() throws Exception {
    Map<String, String> cluster = Map.of("MICRO_CLUSTER_NAME", "micro-it-" + ProcessHandle.current().pid());
    Processes.Running a = processes.micro(cluster, "server", "--no-api", "--no-web", "--proxy_address", "127.0.0.1:0",
      "--cluster", "--cluster_port", "0");
    String proxyA = a.awaitProxyAddress(Duration.ofSeconds(120));
    Matcher first = MEMBER.matcher(a.awaitLine(l -> MEMBER.matcher(l).matches(), Duration.ofSeconds(5)));
    assertThat(first.matches()).isTrue();
    assertThat(a.out).anyMatch(l -> l.startsWith("registry vertx,"));

    Processes.Running b = processes.micro(cluster, "server", "--no-api", "--no-web", "--proxy_address", "127.0.0.1:0",
      "--cluster", "--cluster_port", "0", "--cluster_members", first.group(1));
    String proxyB = b.awaitProxyAddress(Duration.ofSeconds(120));
    Matcher second = MEMBER.matcher(b.awaitLine(l -> MEMBER.matcher(l).matches(), Duration.ofSeconds(5)));
    assertThat(second.matches()).isTrue();
    assertThat(second.group(2)).as("it joined the first").isEqualTo("2");

    Map<String, String> viaA = Map.of("MICRO_PROXY_ADDRESS", proxyA);
    Map<String, String> viaB = Map.of("MICRO_PROXY_ADDRESS", proxyB);
    String service = "{\"name\":\"clustered\",\"version\":\"1.0\",\"nodes\":[{\"id\":\"clustered-1\",\"address\":\"127.0.0.1:9911\"}]}";
    Processes.Result registered = processes.run(viaA, null, "register", "service", service);
    assertThat(registered.exit()).as(registered.err()).isZero();
    processes.awaitService(viaB, "clustered");
    Processes.Result got = processes.run(viaB, null, "get", "service", "clustered", "--output", "json");
    assertThat(got.exit()).as(got.err()).isZero();
    assertThat(got.out()).contains("clustered-1").contains("127.0.0.1:9911");

    Processes.Result deregistered = processes.run(viaB, null, "deregister", "service", service);
    assertThat(deregistered.exit()).as(deregistered.err()).isZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String listed = "";
    while (System.nanoTime() < deadline) {
      listed = processes.run(viaA, null, "list", "services", "--output", "json").out();
      if (!listed.contains("\"clustered\"")) {
        break;
      }
      Processes.sleep(200);
    }
    assertThat(listed).as("gone from the first server too").doesNotContain("\"clustered\"");

    assertThat(b.terminate(Duration.ofSeconds(30))).isZero();
    assertThat(a.terminate(Duration.ofSeconds(30))).isZero();
    assertThat(a.out).contains("micro server stopped");
    assertThat(b.out).contains("micro server stopped");
    // the first may log that the second went (a refused reconnect): no stack trace, no uncaught exception
    assertThat(a.err).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread"));
    assertThat(b.err).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread"));
  }
}
