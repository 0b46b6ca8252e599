package io.microvx.proxy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.microvx.codec.Json;
import io.microvx.config.Durations;
import io.microvx.errors.MicroException;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code proxy} registry: go-micro's registry API served by a micro proxy ({@code micro server} on
 * this machine, or a remote environment's proxy). {@code GET /registry[?service=]}, {@code POST} and
 * {@code DELETE /registry}, and the watch as a WebSocket on {@code /registry}.
 */
public final class ProxyRegistry implements Registry {

  private static final TypeReference<List<Service>> SERVICES = new TypeReference<>() {
  };

  private final ProxyApi api;
  private final boolean ownsApi;

  public ProxyRegistry(ProxyApi api, boolean ownsApi) {
    this.api = api;
    this.ownsApi = ownsApi;
  }

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public Future<Void> register(Service service, RegisterOptions options) {
    String ttl = options.getTtl().isZero() ? "" : "?ttl=" + Durations.format(options.getTtl());
    return send(HttpMethod.POST, "/registry" + ttl, service);
  }

  @Override
  public Future<Void> deregister(Service service) {
    return send(HttpMethod.DELETE, "/registry", service);
  }

  private Future<Void> send(HttpMethod method, String uri, Service service) {
    Buffer body;
    try {
      body = Buffer.buffer(Json.mapper().writeValueAsBytes(service));
    } catch (IOException e) {
      return Future.failedFuture(MicroException.badRequest("go.micro.registry", "cannot encode %s", service.name()));
    }
    return api.request(method, uri, HttpHeaders.headers().set(HttpHeaders.CONTENT_TYPE, "application/json"), body).mapEmpty();
  }

  @Override
  public Future<List<Service>> getService(String name) {
    return api.request(HttpMethod.GET, "/registry?service=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null, null)
      .map(ProxyRegistry::services)
      .recover(err -> err instanceof MicroException e && e.code() == 404
        ? Future.succeededFuture(List.of()) : Future.failedFuture(err));
  }

  @Override
  public Future<List<Service>> listServices() {
    return api.request(HttpMethod.GET, "/registry", null, null).map(ProxyRegistry::services);
  }

  static List<Service> services(Buffer body) {
    try {
      List<Service> services = Json.mapper().readValue(body.getBytes(), SERVICES);
      return services == null ? List.of() : services;
    } catch (IOException e) {
      throw new MicroException("go.micro.registry", "the proxy sent services that do not parse: " + e.getMessage(), 502);
    }
  }

  @Override
  public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
    Promise<Void> closed = Promise.promise();
    WatchOptions filter = new WatchOptions(options);
    return api.webSocket("/registry", null, socket -> {
      socket.textMessageHandler(text -> {
        WatchEvent event = event(text);
        if (event != null && filter.matches(event.service().name())) {
          handler.handle(event);
        }
      });
      socket.closeHandler(v -> closed.tryFail(new MicroException("go.micro.registry",
        "the proxy at " + api.address() + " closed the watch", 503)));
      socket.exceptionHandler(closed::tryFail);
    }).map(socket -> new Watcher() {
      @Override
      public Future<Void> stop() {
        closed.tryComplete();
        return socket.close();
      }

      @Override
      public Future<Void> closed() {
        return closed.future();
      }
    });
  }

  /** go-micro's watch result: {@code {"action":"create","service":{…}}}. */
  static WatchEvent event(String text) {
    try {
      JsonObject json = new JsonObject(text);
      Service service = Json.mapper().convertValue(json.getJsonObject("service").getMap(), Service.class);
      return new WatchEvent(WatchEvent.Action.fromWire(json.getString("action")), service);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public Future<Void> close() {
    return ownsApi ? api.close() : Future.succeededFuture();
  }
}
