package io.microvx.registry.kubernetes;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * fabric8's mock API server (the tests' stand-in for Kubernetes) serves from Vert.x event loops and
 * takes locks, and waits for its watch executor when a watch closes: its own blocking, not the
 * registry's, so it is let through. The registry's code stays under BlockHound as everywhere.
 */
public final class MockServerBlockHound implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder
      .allowBlockingCallsInside("io.fabric8.mockwebserver.MockWebServer$1", "onHttpRequest")
      .allowBlockingCallsInside("io.fabric8.kubernetes.client.server.mock.WatchEventsListener", "onClosed")
      .allowBlockingCallsInside("io.fabric8.kubernetes.client.server.mock.WatchEventsListener", "onFailure")
      .allowBlockingCallsInside("io.fabric8.kubernetes.client.server.mock.WatchEventsListener", "onOpen");
  }
}
