package io.microvx.testing;

import io.microvx.registry.Registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The network between a contract test's registries and a backend that cannot itself go down (a memory
 * store, a Vert.x cluster): each registry is wrapped in a {@link FlakyRegistry}, and taking the network
 * down takes every one down, those made while it is down included.
 */
public final class FlakyNetwork implements RegistryContract.Backend {

  private final List<FlakyRegistry> instances = new CopyOnWriteArrayList<>();
  private volatile boolean down;

  /** The registry behind this network. */
  public Registry wrap(Registry registry) {
    FlakyRegistry instance = new FlakyRegistry(registry);
    if (down) {
      instance.down();
    }
    instances.add(instance);
    return instance;
  }

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
}
