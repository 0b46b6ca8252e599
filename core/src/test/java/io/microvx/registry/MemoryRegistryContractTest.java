package io.microvx.registry;

import io.microvx.testing.FlakyRegistry;
import io.microvx.testing.RegistryContract;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry contract for the memory registry, every instance of a case sharing one store as the
 * services of one process do. A memory store cannot go down: a {@link FlakyRegistry} in front of each
 * instance stands for the network between it and the store.
 */
class MemoryRegistryContractTest extends RegistryContract {

  private final String store = "contract-" + UUID.randomUUID();
  private final List<FlakyRegistry> instances = new CopyOnWriteArrayList<>();
  private volatile boolean down;

  @Override
  protected Registry newRegistry() {
    FlakyRegistry instance = new FlakyRegistry(Registry.sharedMemory(vertx, store));
    if (down) {
      instance.down();
    }
    instances.add(instance);
    return instance;
  }

  /** The store hides a lapsed node at once and sweeps five times a second. */
  @Override
  protected Optional<Duration> ttlGranularity() {
    return Optional.of(Duration.ofMillis(300));
  }

  @Override
  protected Optional<Backend> backend() {
    return Optional.of(new Backend() {
      @Override
      public void takeDown() {
        down = true;
        instances.forEach(FlakyRegistry::down);
      }

      @Override
      public void bringBack() {
        down = false;
        instances.forEach(FlakyRegistry::up);
      }
    });
  }
}
