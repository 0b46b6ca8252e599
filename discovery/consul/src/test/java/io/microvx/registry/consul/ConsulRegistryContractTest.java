package io.microvx.registry.consul;

import io.microvx.registry.Registry;
import io.microvx.registry.consul.fake.FakeConsul;
import io.microvx.testing.RegistryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.Optional;

/**
 * The registry contract against the fake Consul agent (no Consul binary can be had here), on the system
 * clock so the TTL case lapses for real. The outage cases make the fake refuse connections.
 */
class ConsulRegistryContractTest extends RegistryContract {

  private static FakeConsul consul;

  @BeforeAll
  static void startConsul() {
    consul = FakeConsul.start();
  }

  @AfterAll
  static void stopConsul() {
    consul.close();
  }

  @Override
  protected Registry newRegistry() {
    return ConsulRegistryProvider.registry(vertx, new ConsulRegistryOptions()
      .setAddress(consul.address())
      .setWait(Duration.ofSeconds(10))
      .setTimeout(Duration.ofSeconds(5)));
  }

  /** Consul takes any TTL; a second keeps the case short. */
  @Override
  protected Optional<Duration> ttlGranularity() {
    return Optional.of(Duration.ofSeconds(1));
  }

  /** go-micro's Consul layout keeps node metadata in tags, a service's own metadata nowhere. */
  @Override
  protected boolean keepsServiceMetadata() {
    return false;
  }

  @Override
  protected Optional<Backend> backend() {
    return Optional.of(new Backend() {
      @Override
      public void takeDown() {
        consul.refuse();
      }

      @Override
      public void bringBack() {
        consul.accept();
      }
    });
  }
}
