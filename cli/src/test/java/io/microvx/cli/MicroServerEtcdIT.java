package io.microvx.cli;

import io.microvx.testing.RealServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's "more than one machine": two {@code micro server}s sharing one etcd, a greeter started by
 * {@code micro run} against the same etcd, and the CLI reaching it through either server.
 */
class MicroServerEtcdIT {

  private static final Processes processes = new Processes();

  @AfterAll
  static void stopAll() {
    processes.close();
  }

  @Test
  void twoMicroServersShareOneEtcd() throws Exception {
    String etcd = RealServers.etcd();
    String name = "greeter-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> first = server(etcd);
    Map<String, String> second = server(etcd);

    Map<String, String> withEtcd = new HashMap<>(first);
    withEtcd.putAll(Map.of("MICRO_REGISTRY", "etcd", "MICRO_REGISTRY_ADDRESS", etcd));
    processes.micro(withEtcd, "run", Processes.GREETER_JAR.toString(), "--conf", "{\"server_name\":\"" + name + "\"}");
    processes.awaitService(first, name);

    Processes.Result listed = processes.run(second, null, "list", "services");
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out()).as("the other server sees what registered in etcd").contains(name);
    Processes.Result call = processes.run(second, null, "call", name, "Say.Hello", "{\"name\":\"Ada\"}");
    assertThat(call.exit()).as(call.err()).isZero();
    assertThat(new JsonObject(call.out())).isEqualTo(new JsonObject().put("msg", "Hello Ada"));
  }

  @Test
  void anUnreachableEtcdStopsMicroServerWithOneLine() throws Exception {
    String nowhere = "127.0.0.1:" + Processes.freePort();
    Processes.Result server = processes.run(Map.of(), null, "server", "--registry", "etcd", "--registry_address", nowhere,
      "--no-api", "--no-web", "--proxy_address", "127.0.0.1:0");
    assertThat(server.exit()).isNotZero();
    assertThat(server.err()).isEqualTo("micro: etcd at " + nowhere + " is unreachable (503 Service Unavailable)");
  }

  /** A micro server with the etcd registry, proxy only; the environment that points the CLI at it. */
  private static Map<String, String> server(String etcd) throws Exception {
    Processes.Running server = processes.micro(Map.of(), "server", "--registry", "etcd", "--registry_address", etcd,
      "--no-api", "--no-web", "--proxy_address", "127.0.0.1:0");
    String proxy = server.awaitProxyAddress(Duration.ofSeconds(60));
    assertThat(server.out).anyMatch(line -> line.startsWith("registry etcd, "));
    return Map.of("MICRO_PROXY_ADDRESS", proxy);
  }
}
