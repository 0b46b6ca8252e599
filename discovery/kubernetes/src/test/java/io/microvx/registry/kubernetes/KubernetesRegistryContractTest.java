package io.microvx.registry.kubernetes;

import io.microvx.registry.Registry;
import io.microvx.testing.RegistryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.Optional;

/**
 * The registry contract against fabric8's mock API server in CRUD mode. The own-pod rule holds: every
 * node the contract registers runs in a Running pod of its own (named after the node's id, IP
 * 127.0.0.1, made by the test as the kubelet would), and the registry writes on that pod only; nodes of
 * other hosts are refused (see KubernetesOwnPodTest), so that case is skipped by its hook.
 */
class KubernetesRegistryContractTest extends RegistryContract {

  private static MockCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = new MockCluster();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected Registry newRegistry() {
    return cluster.registry(vertx, cluster.address(), cluster.podPerNode());
  }

  @Override
  protected Optional<Duration> ttlGranularity() {
    return Optional.empty(); // a registration lasts while its pod runs
  }

  @Override
  protected boolean canRegisterOtherHosts() {
    return false;
  }

  @Override
  protected String ownHost() {
    return MockCluster.POD_IP;
  }

  @Override
  protected Optional<Backend> backend() {
    return Optional.of(cluster.gate());
  }
}
