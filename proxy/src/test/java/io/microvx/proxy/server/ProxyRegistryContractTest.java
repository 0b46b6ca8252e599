package io.microvx.proxy.server;

import io.microvx.broker.BrokerOptions;
import io.microvx.plugin.ProxyRegistryProvider;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.testing.RegistryContract;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The registry contract through a proxy: the {@code proxy} registry plugin against micro server with a
 * memory registry whose watches take a moment to start, as a remote registry's do (so a client told its
 * watch runs before the proxy's does would miss changes). An outage is the proxy stopped, then started
 * again on its port over the same registry.
 */
class ProxyRegistryContractTest extends RegistryContract {

  private ProxyFixture fixture;

  @BeforeEach
  void startProxy() {
    fixture = new ProxyFixture(vertx, new SlowToWatch(vertx, Registry.memory(vertx)),
      new ProxyOptions().setAddress("127.0.0.1:0"), new BrokerOptions());
  }

  @Override
  protected Registry newRegistry() {
    return new ProxyRegistryProvider().create(vertx, new JsonObject().put("proxy_address", fixture.address));
  }

  /** The memory registry behind the proxy hides a lapsed node at once and sweeps five times a second. */
  @Override
  protected Optional<Duration> ttlGranularity() {
    return Optional.of(Duration.ofMillis(300));
  }

  @Override
  protected Optional<Backend> backend() {
    return Optional.of(fixture.outage());
  }

  /** A registry whose watches start 100 ms after being asked for, missing what changes meanwhile. */
  private record SlowToWatch(Vertx vertx, Registry delegate) implements Registry {

    @Override
    public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
      Promise<Watcher> started = Promise.promise();
      // the timer fires on the caller's context, where the watch must deliver
      vertx.setTimer(100, id -> delegate.watch(options, handler).onComplete(started));
      return started.future();
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Future<Void> register(Service service, RegisterOptions options) {
      return delegate.register(service, options);
    }

    @Override
    public Future<Void> deregister(Service service) {
      return delegate.deregister(service);
    }

    @Override
    public Future<List<Service>> getService(String name) {
      return delegate.getService(name);
    }

    @Override
    public Future<List<Service>> listServices() {
      return delegate.listServices();
    }

    @Override
    public Future<Void> close() {
      return delegate.close();
    }
  }
}
