package io.microvx.registry.consul;

import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.registry.consul.fake.FakeClock;
import io.microvx.registry.consul.fake.FakeConsul;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that stops renewing: within its TTL it is served, past it the agent marks it critical and
 * another registry's watch gets the DELETE; a minute and five seconds later the agent reaps it. Time is
 * the fake's manual clock, moved by the test, so nothing depends on how fast this machine is.
 */
class ConsulTtlTest {

  private Vertx vertx;
  private FakeConsul consul;
  private final List<Registry> registries = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    consul = FakeConsul.start(FakeClock.manual(), null);
  }

  @AfterEach
  void stop() {
    registries.forEach(r -> Await.result(r.close()));
    Await.result(vertx.close());
    consul.close();
  }

  private Registry registry() {
    Registry registry = ConsulRegistryProvider.registry(vertx, new ConsulRegistryOptions()
      .setAddress(consul.address()).setWait(Duration.ofSeconds(30)));
    registries.add(registry);
    return registry;
  }

  @Test
  void aNodeThatStopsRenewingIsDeletedWithinItsTtlThenReaped() {
    Duration ttl = Duration.ofSeconds(30);
    Service service = new Service("go.micro.srv.lapsing", "1.0", List.of(new Node("lapsing-1", "127.0.0.1:4001")));
    Registry watching = registry();
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Watcher watcher = Await.result(watching.watch(new WatchOptions().setService(service.name()), events::add));

    Registry dying = registry(); // the process that will stop renewing
    Await.result(dying.register(service, new RegisterOptions().setTtl(ttl)));
    Await.until("the watch to see the node", () -> events.size() == 1);
    assertThat(consul.checkStatus("service:lapsing-1")).isEqualTo("passing");

    // a renewal half way keeps it; then the process dies and renews no more
    consul.advance(ttl.dividedBy(2));
    Await.result(dying.register(service, new RegisterOptions().setTtl(ttl)));
    Await.result(dying.close());
    consul.advance(ttl.minusSeconds(1));
    assertThat(Await.result(watching.getService(service.name()))).as("still within its TTL").hasSize(1);

    consul.advance(Duration.ofSeconds(2));
    Await.until("the delete", () -> events.size() == 2);
    assertThat(events.get(1).action()).isEqualTo(WatchEvent.Action.DELETE);
    assertThat(events.get(1).service().nodes()).containsExactly(service.nodes().get(0));
    assertThat(Await.result(watching.getService(service.name()))).isEmpty();
    assertThat(Await.result(watching.listServices())).as("critical, not yet reaped")
      .anyMatch(s -> s.name().equals(service.name()));

    consul.advance(ConsulRegistry.deregisterAfter(ttl));
    assertThat(Await.result(watching.listServices())).as("reaped after DeregisterCriticalServiceAfter")
      .noneMatch(s -> s.name().equals(service.name()));
    assertThat(events).hasSize(2);
    assertThat(watcher.closed().isComplete()).isFalse();
  }

  @Test
  void aWatchOfEveryServiceSeesServicesComeAndGo() {
    Registry watching = registry();
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Watcher watcher = Await.result(watching.watch(new WatchOptions(), events::add));
    Service first = new Service("go.micro.srv.first", "1.0", List.of(new Node("first-1", "127.0.0.1:4101")));
    Service second = new Service("go.micro.srv.second", "2.0", List.of(new Node("second-1", "127.0.0.1:4102")));
    Registry other = registry();
    Await.result(other.register(first, new RegisterOptions().setTtl(Duration.ofSeconds(10))));
    Await.result(other.register(second));
    Await.until("both services' creates", () -> events.size() == 2);
    assertThat(events).extracting(e -> e.action() + " " + e.service().name())
      .containsExactlyInAnyOrder("CREATE go.micro.srv.first", "CREATE go.micro.srv.second");

    consul.advance(Duration.ofSeconds(11)); // first stops renewing: critical
    Await.until("first's delete", () -> events.size() == 3);
    assertThat(events.get(2).action()).isEqualTo(WatchEvent.Action.DELETE);
    assertThat(events.get(2).service().nodes()).containsExactly(first.nodes().get(0));

    consul.advance(Duration.ofMinutes(2)); // reaped: gone from the catalog, nothing more to report
    Await.result(other.deregister(second));
    Await.until("second's delete", () -> events.size() == 4);
    assertThat(events.get(3).service().name()).isEqualTo(second.name());
    assertThat(events.get(3).action()).isEqualTo(WatchEvent.Action.DELETE);
    assertThat(watcher.closed().isComplete()).isFalse();
  }

  @Test
  void theRegistrationIsGoMicros() {
    Registry registry = registry();
    Service service = new Service("go.micro.srv.layout", "2.1", List.of(new Node("layout-1", "10.0.0.7:9090")));
    Await.result(registry.register(service, new RegisterOptions().setTtl(Duration.ofSeconds(20))));
    int passes = consul.passes("service:layout-1");
    assertThat(passes).as("passed on register").isEqualTo(1);
    long index = consul.index();
    Await.result(registry.register(service, new RegisterOptions().setTtl(Duration.ofSeconds(20))));
    assertThat(consul.passes("service:layout-1")).as("an unchanged renewal passes the check").isEqualTo(2);
    assertThat(consul.index()).as("and changes nothing in the catalog").isEqualTo(index);
    assertThat(ConsulRegistry.deregisterAfter(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(65));
    assertThat(ConsulRegistry.deregisterAfter(Duration.ofMinutes(2))).isEqualTo(Duration.ofSeconds(125));
  }
}
