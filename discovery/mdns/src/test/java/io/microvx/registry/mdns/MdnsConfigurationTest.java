package io.microvx.registry.mdns;

import io.microvx.errors.MicroException;
import io.microvx.plugin.Plugins;
import io.microvx.registry.Node;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad configuration fails at once with one line. The interfaces these cases make (veth pairs: one
 * up without multicast, one down) live in the test JVM's own network namespace, never on the machine.
 */
class MdnsConfigurationTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void anInterfaceThatDoesNotExistFailsAtOnce() {
    MdnsTests.namespace();
    assertThatThrownBy(() -> registry(new JsonObject().put("mdns_interface", "nope0")))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("mdns_interface: no network interface is named or has the address nope0");
    assertThatThrownBy(() -> registry(new JsonObject().put("registry_address", "10.99.99.99")))
      .hasMessage("mdns_interface: no network interface is named or has the address 10.99.99.99");
  }

  @Test
  void anInterfaceWithoutMulticastOrDownFailsAtOnce() throws Exception {
    MdnsTests.namespace();
    ip("link", "add", "mvxnomc", "type", "veth", "peer", "name", "mvxnomcp");
    ip("link", "add", "mvxdown", "type", "veth", "peer", "name", "mvxdownp");
    try {
      ip("link", "set", "mvxnomcp", "up");
      ip("link", "set", "mvxnomc", "multicast", "off", "up");
      ip("addr", "add", "10.98.0.1/24", "dev", "mvxnomc");
      ip("addr", "add", "10.97.0.1/24", "dev", "mvxdown"); // Java lists interfaces with an address only
      assertThatThrownBy(() -> registry(new JsonObject().put("mdns_interface", "mvxnomc")))
        .hasMessage("mdns_interface: mvxnomc does not support multicast");
      assertThatThrownBy(() -> registry(new JsonObject().put("mdns_interface", "10.98.0.1")))
        .as("named by its address").hasMessage("mdns_interface: mvxnomc does not support multicast");
      assertThatThrownBy(() -> registry(new JsonObject().put("mdns_interface", "mvxdown")))
        .hasMessage("mdns_interface: mvxdown is down");
      assertThatThrownBy(() -> registry(new JsonObject()))
        .as("nothing but loopback and those here to choose from")
        .hasMessage("mdns: no network interface is up with multicast and an IPv4 address; name one with mdns_interface");
    } finally {
      ip("link", "del", "mvxnomc"); // each peer goes with its pair
      ip("link", "del", "mvxdown");
    }
  }

  @Test
  void theProviderIsFoundByName() {
    MdnsTests.namespace();
    Registry registry = Plugins.registry(vertx, "mdns", new JsonObject().put("mdns_interface", "lo"));
    assertThat(registry.name()).isEqualTo("mdns");
    Await.result(registry.close());
  }

  @Test
  void aNodeIdBeyondADnsLabelIsRefusedAsABadRequest() {
    Registry registry = MdnsRegistryProvider.registry(vertx, MdnsTests.onLoopback());
    try {
      Service service = new Service("greeter", "1.0", List.of(new Node("greeter-" + "x".repeat(60), "127.0.0.1:1000")));
      assertThat(Await.failure(registry.register(service)))
        .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("does not fit a DNS name");
    } finally {
      Await.result(registry.close());
    }
  }

  @Test
  void badOptionValuesNameTheirKey() {
    assertThatThrownBy(() -> new MdnsRegistryOptions(new JsonObject().put("mdns_port", "http")))
      .hasMessage("mdns_port: not a port: http");
    assertThatThrownBy(() -> new MdnsRegistryOptions(new JsonObject().put("mdns_ttl", "1s")))
      .hasMessage("mdns_ttl must be at least 2s");
  }

  private Registry registry(JsonObject config) {
    return new MdnsRegistryProvider().create(vertx, config);
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
