package io.microvx.proxy.server;

import io.microvx.codec.Json;
import io.microvx.config.Durations;
import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /registry}, as micro's: {@code GET} lists services, {@code GET ?service=NAME} gets one (404 when
 * unknown), {@code POST} registers a service JSON ({@code ?ttl=} a Go duration or seconds, at most the
 * proxy's {@code proxy_max_ttl}, which is also what a registration without one gets),
 * {@code DELETE} deregisters one, and a WebSocket upgrade of {@code GET} streams watch results
 * {@code {"action":"create|update|delete","service":{…}}} from the moment the upgrade completes.
 */
final class RegistryApi {

  private static final long PING_MS = 30_000;

  private final Vertx vertx;
  private final Registry registry;
  private final Duration maxTtl;
  private final Registrations anonymous;

  /**
   * @param maxTtl    the longest TTL a caller gets, and what one asking for none gets
   * @param anonymous the bound on what callers without a token keep registered, or null when they hold one
   */
  RegistryApi(Vertx vertx, Registry registry, Duration maxTtl, Registrations anonymous) {
    this.vertx = vertx;
    this.registry = registry;
    this.maxTtl = maxTtl;
    this.anonymous = anonymous;
  }

  void get(RoutingContext ctx) {
    if ("websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
      watch(ctx);
      return;
    }
    String service = ctx.request().getParam("service");
    if (service == null || service.isEmpty()) {
      registry.listServices().onSuccess(list -> Replies.json(ctx, encode(list))).onFailure(err -> Replies.error(ctx, err));
      return;
    }
    registry.getService(service).onSuccess(list -> {
      if (list.isEmpty()) {
        Replies.error(ctx, MicroException.notFound("go.micro.registry", "service %s not found", service));
      } else {
        Replies.json(ctx, encode(list));
      }
    }).onFailure(err -> Replies.error(ctx, err));
  }

  void register(RoutingContext ctx) {
    Service service = service(ctx);
    if (service == null) {
      return;
    }
    Duration asked = Duration.ZERO;
    String ttl = ctx.request().getParam("ttl");
    if (ttl != null && !ttl.isEmpty()) {
      try {
        asked = Durations.parse(ttl);
      } catch (IllegalArgumentException e) {
        Replies.error(ctx, MicroException.badRequest("go.micro.registry", "invalid ttl \"%s\": use e.g. 30s or 1m", ttl));
        return;
      }
    }
    // an entry that never lapses would outlive its caller: none is longer than maxTtl, and none is endless
    Duration granted = asked.isZero() || asked.isNegative() || asked.compareTo(maxTtl) > 0 ? maxTtl : asked;
    if (anonymous != null) {
      for (Node node : service.nodes()) {
        if (!anonymous.admit(Registrations.key(service.name(), node.id()), granted)) {
          Replies.error(ctx, new MicroException("go.micro.registry", "too many registrations: this proxy keeps at most "
            + "its proxy_max_registrations nodes for callers without a token", 429));
          return;
        }
      }
    }
    registry.register(service, new RegisterOptions().setTtl(granted))
      .onSuccess(v -> Replies.ok(ctx)).onFailure(err -> Replies.error(ctx, err));
  }

  void deregister(RoutingContext ctx) {
    Service service = service(ctx);
    if (service != null) {
      if (anonymous != null) {
        if (service.nodes().isEmpty()) {
          anonymous.removeService(service.name());
        }
        service.nodes().forEach(node -> anonymous.remove(Registrations.key(service.name(), node.id())));
      }
      registry.deregister(service).onSuccess(v -> Replies.ok(ctx)).onFailure(err -> Replies.error(ctx, err));
    }
  }

  /** The request body as a service, or null once a 400 has been sent. */
  private static Service service(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      Replies.error(ctx, MicroException.badRequest("go.micro.registry", "a service JSON body is required"));
      return null;
    }
    try {
      Service service = Json.mapper().readValue(body.getBytes(), Service.class);
      if (service == null || service.name() == null || service.name().isBlank()) {
        Replies.error(ctx, MicroException.badRequest("go.micro.registry", "the service needs a name"));
        return null;
      }
      return service;
    } catch (IOException e) {
      Replies.error(ctx, MicroException.badRequest("go.micro.registry", "invalid service JSON: %s", firstLine(e.getMessage())));
      return null;
    }
  }

  /**
   * Starts the registry watch, then completes the upgrade: a client whose watch connected is told so
   * only once the watch runs, so no change made after that is missed. Events of the moment between are
   * held for the socket. All of it happens on the request's context, where the watch delivers.
   */
  private void watch(RoutingContext ctx) {
    Relay relay = new Relay();
    Future<Watcher> watch = registry.watch(new WatchOptions(), relay::handle);
    Replies.upgradeAfter(ctx, watch)
      .onSuccess(socket -> relay.attach(socket, watch.result()))
      .onFailure(err -> {
        if (watch.succeeded()) {
          watch.result().stop();
        }
      });
  }

  /** Writes watch events to the socket, once there is one. */
  private final class Relay {
    private List<WatchEvent> early = new ArrayList<>();
    private ServerWebSocket socket;

    void handle(WatchEvent event) {
      if (socket == null) {
        early.add(event);
      } else {
        send(event);
      }
    }

    void attach(ServerWebSocket socket, Watcher watcher) {
      this.socket = socket;
      long ping = vertx.setPeriodic(PING_MS, id -> socket.writePing(Buffer.buffer()));
      Runnable stop = () -> {
        vertx.cancelTimer(ping);
        watcher.stop();
      };
      if (socket.isClosed()) {
        stop.run(); // the client left during the upgrade
        return;
      }
      socket.closeHandler(v -> stop.run());
      // nothing is in flight on a watch: a proxy going away closes it at once, for its client to re-watch
      socket.shutdownHandler(v -> socket.close((short) 1001, "the proxy is going away"));
      early.forEach(this::send);
      early = null;
    }

    private void send(WatchEvent event) {
      if (socket.isClosed()) {
        return;
      }
      if (socket.writeQueueFull()) {
        // a watcher that does not read would hold events without bound: drop it; it re-watches and re-lists
        socket.close((short) 1008, "watcher too slow");
        return;
      }
      socket.writeTextMessage(new JsonObject()
        .put("action", event.action().wireName())
        .put("service", JsonObject.mapFrom(event.service()))
        .encode());
    }
  }

  static Buffer encode(List<Service> services) {
    try {
      return Buffer.buffer(Json.mapper().writeValueAsBytes(services));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode services", e);
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "malformed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

}
