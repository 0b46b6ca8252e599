package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.client.CallWrapper;
import io.microvx.server.HandlerWrapper;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Behaviour a plugin adds around everything one service does: its calls and their attempts, the calls
 * it serves, its broker, and the requests a gateway takes in. Each part defaults to changing nothing.
 * {@link io.microvx.service.MicroService} and the gateway apply the wrapper plugins found on the class
 * path ({@link Plugins#wrappers}) and any given to their builders.
 */
public interface ServiceWrappers {

  /** Wrappers that change nothing. */
  ServiceWrappers NONE = new ServiceWrappers() {
  };

  /** The end of an inbound request's work: told the route it took and the status answered. */
  @FunctionalInterface
  interface Inbound {

    Inbound NONE = (route, status) -> {
    };

    void end(String route, int status);
  }

  /** Around each whole call the service makes (retries included). */
  default CallWrapper call() {
    return next -> next;
  }

  /** Around each attempt of a call, once its node is chosen. */
  default CallWrapper attempt() {
    return next -> next;
  }

  /** Around each call the named service serves. */
  default HandlerWrapper server(String service) {
    return next -> next;
  }

  /** The broker the service publishes and subscribes with, wrapped. */
  default Broker broker(Broker broker) {
    return broker;
  }

  /**
   * Starts the work of a request that reaches a gateway over HTTP; the wrappers may change its headers
   * (those become the metadata of the calls it leads to). Returns what to tell when it was answered.
   */
  default Inbound inbound(String method, String path, MultiMap headers) {
    return Inbound.NONE;
  }

  /** Releases what the wrappers hold (an exporter's buffers are flushed); called once, when the service stops. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /** All of them, the first outermost; {@link #NONE} when there are none. */
  static ServiceWrappers all(List<ServiceWrappers> list) {
    List<ServiceWrappers> active = new ArrayList<>();
    list.stream().filter(w -> w != null && w != NONE).forEach(active::add);
    if (active.isEmpty()) {
      return NONE;
    }
    return active.size() == 1 ? active.get(0) : new CombinedWrappers(List.copyOf(active));
  }
}
