package io.microvx.registry.mdns;

import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interface going down is mDNS's outage: running watches fail (the registry cache then watches and
 * reads again), lookups fail rather than answer empty, and all works again once it is back. The interface
 * is a veth pair in the test JVM's own network namespace.
 */
class MdnsInterfaceDownTest {

  @Test
  void watchesFailAndLookupsFailWhileTheInterfaceIsDownAndWorkAgainAfter() throws Exception {
    MdnsTests.namespace();
    MdnsAcrossNamespacesTest.run("ip", "link", "add", "mvxif0", "type", "veth", "peer", "name", "mvxif1");
    Vertx vertx = Vertx.vertx();
    try {
      MdnsAcrossNamespacesTest.run("ip", "addr", "add", "10.96.0.1/24", "dev", "mvxif0");
      MdnsAcrossNamespacesTest.run("ip", "link", "set", "mvxif1", "up");
      MdnsAcrossNamespacesTest.run("ip", "link", "set", "mvxif0", "up");
      Await.until("mvxif0 to be up with its carrier", MdnsInterfaceDownTest::up);
      Registry registry = MdnsRegistryProvider.registry(vertx, new MdnsRegistryOptions().setNetworkInterface("mvxif0"));
      Service service = new Service("downed", "1.0", List.of(new Node("downed-1", "10.96.0.1:9000")));
      Await.result(registry.register(service));
      Watcher watcher = Await.result(registry.watch(new WatchOptions(), event -> { }));
      assertThat(Await.result(registry.getService("downed"))).hasSize(1);

      MdnsAcrossNamespacesTest.run("ip", "link", "set", "mvxif0", "down");
      Await.until("the watch to end", () -> watcher.closed().isComplete());
      assertThat(watcher.closed().cause()).hasMessage("mdns: mvxif0 went down");
      assertThat(Await.failure(registry.getService("downed"))).hasMessage("mdns: mvxif0 is down");

      MdnsAcrossNamespacesTest.run("ip", "link", "set", "mvxif0", "up");
      Await.until("mvxif0 to be up again", MdnsInterfaceDownTest::up);
      Await.until("lookups to work again", () -> {
        try {
          return Await.result(registry.getService("downed")).size() == 1;
        } catch (RuntimeException e) {
          return false; // not yet
        }
      });
      Watcher again = Await.result(registry.watch(new WatchOptions(), event -> { }));
      assertThat(again.closed().isComplete()).isFalse();
      Await.result(registry.close());
    } finally {
      MdnsAcrossNamespacesTest.run("ip", "link", "del", "mvxif0");
      Await.result(vertx.close());
    }
  }

  private static boolean up() {
    try {
      java.net.NetworkInterface nif = java.net.NetworkInterface.getByName("mvxif0");
      return nif != null && nif.isUp();
    } catch (java.net.SocketException e) {
      return false;
    }
  }
}
