package io.microvx.mutiny;

import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.List;

/** A {@link Registry} with Mutiny types. Same registry underneath. */
public final class MutinyRegistry {

  private final Registry registry;

  private MutinyRegistry(Registry registry) {
    this.registry = registry;
  }

  public static MutinyRegistry of(Registry registry) {
    return new MutinyRegistry(registry);
  }

  public Registry delegate() {
    return registry;
  }

  public Uni<Void> register(Service service, RegisterOptions options) {
    return Mutiny.uni(() -> registry.register(service, options));
  }

  public Uni<Void> deregister(Service service) {
    return Mutiny.uni(() -> registry.deregister(service));
  }

  public Uni<List<Service>> getService(String name) {
    return Mutiny.uni(() -> registry.getService(name));
  }

  public Uni<List<Service>> listServices() {
    return Mutiny.uni(() -> registry.listServices());
  }

  /**
   * Registry changes as they happen, until cancelled; fails when the backend breaks the watch. Events
   * are buffered for a slow subscriber (they are small and few).
   */
  public Multi<WatchEvent> watch(WatchOptions options) {
    return Multi.createFrom().emitter(emitter -> registry.watch(options, emitter::emit).onComplete(ar -> {
      if (ar.failed()) {
        emitter.fail(ar.cause());
        return;
      }
      emitter.onTermination(() -> ar.result().stop());
      ar.result().closed().onComplete(end -> {
        if (end.failed()) {
          emitter.fail(end.cause());
        } else {
          emitter.complete();
        }
      });
    }));
  }
}
