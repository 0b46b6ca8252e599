package io.microvx.registry.consul;

import io.microvx.client.Client;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.consul.fake.FakeClock;
import io.microvx.registry.consul.fake.FakeConsul;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent goes away while a client calls a greeter: calls go on from the client's registry cache, and
 * once the agent is back the running service's renewals (every {@code register_interval}) restore its
 * registration, without restarting it. The fake runs on a manual clock: a TTL lapses only when the test
 * says so.
 */
class ConsulOutageTest {

  private static final Duration TTL = Duration.ofSeconds(30);
  private Vertx serviceVertx;
  private Vertx callerVertx;
  private FakeConsul consul;
  private MicroService greeter;
  private Client client;
  private String checkId;

  @BeforeEach
  void start() {
    consul = FakeConsul.start(FakeClock.manual(), null);
    serviceVertx = Vertx.vertx();
    callerVertx = Vertx.vertx();
    greeter = TestServices.start(serviceVertx, registry(serviceVertx), "go.micro.srv.greeter", builder -> builder
      .handler(new Greeting.Say())
      .set("register_ttl", "30s")
      .set("register_interval", "100ms"));
    client = TestServices.client(callerVertx, registry(callerVertx));
    List<Service> registered = Await.result(registry(callerVertx).getService("go.micro.srv.greeter"));
    checkId = "service:" + registered.get(0).nodes().get(0).id();
  }

  @AfterEach
  void stop() {
    consul.accept();
    Await.result(greeter.stop());
    Await.result(callerVertx.close());
    Await.result(serviceVertx.close());
    consul.close();
  }

  private Registry registry(Vertx vertx) {
    return ConsulRegistryProvider.registry(vertx, new ConsulRegistryOptions()
      .setAddress(consul.address()).setWait(Duration.ofSeconds(30)).setTimeout(Duration.ofSeconds(2)));
  }

  /** Calls one after another until the condition holds and at least {@code min} were made. */
  private int[] callUntil(int min, BooleanSupplier condition) {
    int ok = 0;
    int failed = 0;
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (ok + failed < min || !condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("the phase to end in time").isNegative();
      try {
        Greeting.Response response = Await.result(client.call("go.micro.srv.greeter", "Say.Hello",
          new Greeting.Request("Ada"), Greeting.Response.class));
        assertThat(response.msg()).isEqualTo("Hello Ada");
        ok++;
      } catch (RuntimeException e) {
        failed++;
      }
    }
    return new int[] {ok, failed};
  }

  @Test
  void callsGoOnThroughAnOutageAndRenewalsResumeAfter() {
    int[] before = callUntil(50, () -> true);

    consul.refuse();
    // long enough that the service's renewals and the cache's watch met the closed door several times
    int[] during = callUntil(200, () -> consul.refusedConnections() >= 5);

    int passes = consul.passes(checkId);
    consul.accept();
    int[] after = callUntil(50, () -> consul.passes(checkId) > passes);

    System.out.printf("consul outage: calls before %d ok / %d failed, during %d ok / %d failed (%d connections refused),"
        + " after %d ok / %d failed%n", before[0], before[1], during[0], during[1], consul.refusedConnections(),
      after[0], after[1]);
    assertThat(before[1] + during[1] + after[1]).as("failed calls").isZero();
    assertThat(consul.checkStatus(checkId)).as("the registration renewed again").isEqualTo("passing");
  }

  @Test
  void aRegistrationTheAgentDroppedDuringTheOutageIsRestored() {
    callUntil(20, () -> true);
    consul.refuse();
    int[] during = callUntil(100, () -> consul.refusedConnections() >= 5);
    // the agent's clock runs on while nobody reaches it: the TTL lapses and the service is reaped
    consul.advance(TTL.plus(ConsulRegistry.deregisterAfter(TTL)).plusSeconds(1));
    assertThat(consul.checkStatus(checkId)).as("reaped").isNull();

    consul.accept();
    // the next renewal finds its check gone (404) and registers the service in full again
    Registry reader = registry(callerVertx);
    Await.until("the registration to be restored",
      () -> Await.result(reader.getService("go.micro.srv.greeter")).size() == 1);
    assertThat(consul.checkStatus(checkId)).isEqualTo("passing");
    // the client's cache may have read the moment the service was missing: it catches up by its watch
    Await.until("a call to succeed", () -> callUntil(1, () -> true)[1] == 0);
    int[] after = callUntil(50, () -> true);
    System.out.printf("consul outage with the registration reaped: during %d ok / %d failed; after restoration %d ok / %d failed%n",
      during[0], during[1], after[0], after[1]);
    assertThat(during[1] + after[1]).as("failed calls during the outage and after the restoration").isZero();
  }
}
