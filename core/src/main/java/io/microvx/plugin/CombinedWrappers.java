package io.microvx.plugin;

import io.microvx.broker.Broker;
import io.microvx.client.CallWrapper;
import io.microvx.server.HandlerWrapper;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;

/** Several plugins' wrappers as one, the first outermost. */
final class CombinedWrappers implements ServiceWrappers {

  private final List<ServiceWrappers> parts;

  CombinedWrappers(List<ServiceWrappers> parts) {
    this.parts = parts;
  }

  @Override
  public CallWrapper call() {
    return next -> {
      for (int i = parts.size() - 1; i >= 0; i--) {
        next = parts.get(i).call().wrap(next);
      }
      return next;
    };
  }

  @Override
  public CallWrapper attempt() {
    return next -> {
      for (int i = parts.size() - 1; i >= 0; i--) {
        next = parts.get(i).attempt().wrap(next);
      }
      return next;
    };
  }

  @Override
  public HandlerWrapper server(String service) {
    return next -> {
      for (int i = parts.size() - 1; i >= 0; i--) {
        next = parts.get(i).server(service).wrap(next);
      }
      return next;
    };
  }

  @Override
  public Broker broker(Broker broker) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      broker = parts.get(i).broker(broker);
    }
    return broker;
  }

  @Override
  public Inbound inbound(String method, String path, MultiMap headers) {
    List<Inbound> started = new ArrayList<>(parts.size());
    parts.forEach(part -> started.add(part.inbound(method, path, headers)));
    return (route, status) -> {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).end(route, status);
      }
    };
  }

  @Override
  public Future<Void> close() {
    return Future.join(parts.stream().map(ServiceWrappers::close).toList()).mapEmpty();
  }
}
