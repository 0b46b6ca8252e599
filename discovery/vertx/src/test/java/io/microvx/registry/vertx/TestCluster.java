package io.microvx.registry.vertx;

import io.microvx.testing.Await;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;

/**
 * Two clustered Vert.x instances on loopback, started once for every test class of this module (a
 * Hazelcast start-up costs seconds on two cores) and closed when the test JVM ends. Members join by TCP on
 * 127.0.0.1 only, on ports the system picks; multicast is off.
 */
final class TestCluster {

  private static final Duration START = Duration.ofSeconds(90);
  private static List<Vertx> members;

  private TestCluster() {
  }

  /** The two members, started on first use. */
  static synchronized List<Vertx> members() {
    if (members == null) {
      Vertx first = Await.result(VertxCluster.start(options(null)), START);
      Vertx second = Await.result(VertxCluster.start(options(first)), START);
      members = List.of(first, second);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> members.forEach(member -> {
        try {
          member.close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
          // the JVM is going anyway
        }
      })));
      Await.until("both members to see each other", Duration.ofSeconds(60),
        () -> hazelcastMembers(first) == 2 && hazelcastMembers(second) == 2);
    }
    return members;
  }

  /** Cluster options on loopback, any free port, joining the given member (none: the first). */
  static VertxDiscoveryOptions options(Vertx join) {
    VertxDiscoveryOptions options = new VertxDiscoveryOptions().setClusterName("microvx-test-" + ProcessHandle.current().pid())
      .setClusterHost("127.0.0.1").setClusterPort(0).setReapInterval(Duration.ofMillis(200));
    options.setClusterMembers(join == null ? List.of() : List.of("127.0.0.1:" + port(join)));
    return options;
  }

  /** The Hazelcast port of a member. */
  static int port(Vertx member) {
    String address = VertxCluster.memberAddress(member);
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  static int hazelcastMembers(Vertx member) {
    return VertxCluster.memberCount(member);
  }
}
