package io.microvx.selector;

import io.microvx.registry.Node;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.endpoint.InteractionMetrics;
import io.vertx.core.net.endpoint.ServerEndpoint;
import io.vertx.core.net.endpoint.ServerInteraction;

/** A node as Vert.x load balancers see it: keyed by node id, its state carried across snapshots. */
final class NodeEndpoint implements ServerEndpoint {

  final Node node;
  final NodeState state;
  private final SocketAddress address;

  NodeEndpoint(Node node, NodeState state) {
    this.node = node;
    this.state = state;
    int port = node.port();
    this.address = port < 0 ? SocketAddress.inetSocketAddress(0, node.host()) : SocketAddress.inetSocketAddress(port, node.host());
  }

  @Override
  public String key() {
    return node.id();
  }

  @Override
  public SocketAddress address() {
    return address;
  }

  @Override
  public ServerInteraction newInteraction() {
    throw new UnsupportedOperationException("interactions are reported through Selection.done");
  }

  @Override
  public InteractionMetrics<?> metrics() {
    return state.metrics;
  }

  @Override
  public Object unwrap() {
    return node;
  }
}
