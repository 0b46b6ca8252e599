package io.microvx.registry;

import io.microvx.testing.FlakyNetwork;
import io.microvx.testing.FlakyRegistry;
import io.microvx.testing.RegistryContract;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry contract for the memory registry, every instance of a case sharing one store as the
 * services of one process do. A memory store cannot go down: a {@link FlakyRegistry} in front of each
 * instance stands for the network between it and the store.
 */
class MemoryRegistryContractTest extends RegistryContract {

  private final String store = "contract-" + UUID.randomUUID();
  private final FlakyNetwork network = new FlakyNetwork();

  @Override
  protected Registry newRegistry() {
    return network.wrap(Registry.sharedMemory(vertx, store));
  }

  /** The store hides a lapsed node at once and sweeps five times a second. */
  @Override
  protected Optional<Duration> ttlGranularity() {
    return Optional.of(Duration.ofMillis(300));
  }

  @Override
  protected Optional<Backend> backend() {
    return Optional.of(network);
  }
}
