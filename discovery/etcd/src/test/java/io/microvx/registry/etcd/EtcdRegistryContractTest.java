package io.microvx.registry.etcd;

import io.microvx.registry.Registry;
import io.microvx.testing.RealServers;
import io.microvx.testing.RegistryContract;
import io.microvx.testing.TcpGate;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The registry contract against the real etcd scripts/services started, reached through a gate the outage cases close. */
class EtcdRegistryContractTest extends RegistryContract {

  private static Vertx gateVertx;
  private static TcpGate gate;

  @BeforeAll
  static void openGate() {
    String etcd = RealServers.etcd();
    gateVertx = Vertx.vertx();
    gate = TcpGate.open(gateVertx, etcd);
  }

  @AfterAll
  static void closeGate() {
    if (gate != null) {
      gate.close();
      gateVertx.close();
    }
  }

  @Override
  protected Registry newRegistry() {
    return EtcdRegistryProvider.registry(vertx, new EtcdRegistryOptions().setEndpoints(List.of(gate.address()))
      .setTimeout(Duration.ofSeconds(2)));
  }

  @Override
  protected Optional<Duration> ttlGranularity() {
    return Optional.of(Duration.ofSeconds(2)); // etcd's shortest lease (one of 1 s is granted 2 s)
  }

  @Override
  protected Optional<Backend> backend() {
    return Optional.of(gate);
  }
}
