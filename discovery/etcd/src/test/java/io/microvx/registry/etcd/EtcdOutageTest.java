package io.microvx.registry.etcd;

import io.microvx.client.Client;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.RealServers;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * etcd killed while calls flow: calls go on from the client's cache without a failure; etcd back with its
 * data lost, or its keys wiped, the service's registration is restored at once through its watch, without
 * restarting it. The services here renew only once an hour, so nothing else could restore it.
 */
class EtcdOutageTest {

  private final String name = "outage-" + UUID.randomUUID().toString().substring(0, 8);
  private EtcdProcess etcd;
  private Vertx vertx;

  @BeforeEach
  void start() {
    etcd = EtcdProcess.start();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      Await.result(vertx.close());
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  private Registry registry() {
    return EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(etcd.address())));
  }

  @Test
  void callsGoOnThroughAnOutageAndTheRegistrationIsRestoredAfter() {
    MicroService greeter = TestServices.start(vertx, registry(), name, builder -> builder
      .handler(new Greeting.Say()).set("register_ttl", "5s").set("register_interval", "1h"));
    Client client = TestServices.client(vertx, registry());
    EtcdHttp plain = new EtcdHttp(etcd.address());
    String key = "/micro/registry/" + name + "/";

    int before = calls(client, name, 50);
    etcd.kill();
    assertThat(RealServers.answers(etcd.address())).as("etcd is down").isFalse();
    int during = calls(client, name, 500);
    etcd.startFresh(); // with an empty data folder: whatever is there after, the service put back
    long back = System.nanoTime();
    Await.until("the service to register again by itself", () -> !plain.under(key).isEmpty());
    long restoredMs = (System.nanoTime() - back) / 1_000_000;
    assertThat(plain.under(key)).containsOnlyKeys(key + greeter.server().service().nodes().get(0).id());
    int after = calls(client, name, 50);

    System.out.printf("etcd outage: %d calls before, %d while etcd was down, %d after it came back; 0 failed; "
      + "node registered again %d ms after etcd answered%n", before, during, after, restoredMs);
    Await.result(greeter.stop());
  }

  @Test
  void aNodeWipedFromEtcdIsRegisteredAgainAtOnce() {
    MicroService greeter = TestServices.start(vertx, registry(), name, builder -> builder
      .handler(new Greeting.Say()).set("register_interval", "1h"));
    EtcdHttp plain = new EtcdHttp(etcd.address());
    String key = "/micro/registry/" + name + "/" + greeter.server().service().nodes().get(0).id();
    assertThat(plain.under(key)).containsOnlyKeys(key);

    long wiped = System.nanoTime();
    plain.delete(key);
    Await.until("the node to be registered again", () -> !plain.under(key).isEmpty());
    System.out.printf("etcd wipe: node registered again %d ms after its key was deleted%n",
      (System.nanoTime() - wiped) / 1_000_000);
    Await.until("the re-registration to be counted", () -> greeter.server().stats().reregistrations() == 1);
    Await.result(greeter.stop());
  }

  /** Makes {@code count} calls one after the other; each must succeed. */
  private static int calls(Client client, String service, int count) {
    for (int i = 0; i < count; i++) {
      Greeting.Response response = Await.result(client.call(service, "Say.Hello", new Greeting.Request("n" + i),
        Greeting.Response.class));
      assertThat(response.msg()).isEqualTo("Hello n" + i);
    }
    return count;
  }
}
