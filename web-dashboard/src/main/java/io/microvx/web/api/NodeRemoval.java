package io.microvx.web.api;

import io.microvx.errors.MicroException;
import io.microvx.registry.Registry;
import io.microvx.registry.RegistryMirror;
import io.microvx.registry.Service;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code POST /_/api/deregister {"service","address"}}: takes a node that no longer answers out of the
 * registry, as an operator would after a crash left it there until its TTL (or for good, in a registry
 * without one). The node is asked {@code Debug.Health} first: a node that answers healthy is refused (409),
 * since a live node registers itself again and should be stopped instead.
 */
final class NodeRemoval {

  private static final Logger log = LoggerFactory.getLogger(NodeRemoval.class);

  private final Registry registry;
  private final RegistryMirror view;
  private final ServiceCalls calls;

  NodeRemoval(Registry registry, RegistryMirror view, ServiceCalls calls) {
    this.registry = registry;
    this.view = view;
    this.calls = calls;
  }

  void deregister(RoutingContext ctx) {
    JsonObject json = Replies.body(ctx);
    String service = json.getString("service");
    String address = json.getString("address");
    if (service == null || service.isBlank() || address == null || address.isBlank()) {
      throw MicroException.badRequest(Replies.ID, "service and address are required");
    }
    ServiceCalls.Registered registered = calls.registered(service, address);
    if (registered == null) {
      throw MicroException.notFound(Replies.ID, "%s is not a node of service %s", address, service);
    }
    calls.call(service, "Debug.Health", Buffer.buffer("{}"), address, ServiceCalls.NODE_TIMEOUT)
      .compose(health -> {
        if (health.error() == null) {
          return Future.failedFuture(MicroException.conflict(Replies.ID,
            "%s answers Debug.Health: a live node registers itself again; stop it instead", address));
        }
        return registry.deregister(new Service(service, registered.version(), List.of(registered.node())))
          .map(v -> health);
      })
      .onSuccess(health -> {
        log.info("dashboard: node {} ({}) of {} deregistered; its health check: {}", registered.node().id(), address,
          service, health.error().detail());
        Replies.json(ctx, new JsonObject().put("ok", true).put("service", service).put("node", registered.node().id())
          .put("health", health.toJson()));
      })
      .onFailure(failure -> Replies.error(ctx, failure));
  }
}
