package io.microvx.registry.vertx;

import io.microvx.registry.Registry;
import io.microvx.testing.FlakyNetwork;
import io.microvx.testing.FlakyRegistry;
import io.microvx.testing.RegistryContract;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry contract over two clustered Vert.x instances (Hazelcast, TCP-IP join on loopback): the
 * registries a case makes are on either member in turn, so every registration, read and watch crosses
 * the cluster. The members are shared by the whole run ({@link TestCluster}); the contract's own
 * {@code vertx} is where the watches are started from. A Hazelcast cluster is not taken down here: as in
 * the memory registry's test, a {@link FlakyRegistry} in front of each instance stands for the network
 * between a process and the cluster, for the outage cases (which test the cache in front).
 */
class VertxRegistryContractTest extends RegistryContract {

  private final AtomicInteger made = new AtomicInteger();
  private final FlakyNetwork network = new FlakyNetwork();

  @Override
  protected Registry newRegistry() {
    List<Vertx> members = TestCluster.members();
    Vertx member = members.get(made.getAndIncrement() % members.size());
    return network.wrap(VertxRegistryProvider.registry(member, TestCluster.options(null)));
  }

  /** Records carry their expiry in milliseconds; the test reaps five times a second. */
  @Override
  protected Optional<Duration> ttlGranularity() {
    return Optional.of(Duration.ofSeconds(1));
  }

  @Override
  protected Optional<Backend> backend() {
    return Optional.of(network);
  }
}
