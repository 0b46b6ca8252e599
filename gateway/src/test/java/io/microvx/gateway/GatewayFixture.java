package io.microvx.gateway;

import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Services on one Vert.x, a gateway on another, a test client on a third, all on loopback with ports
 * chosen by the system and one in-memory registry. Closes everything it started.
 */
final class GatewayFixture implements AutoCloseable {

  final Vertx services = Vertx.vertx();
  final Vertx gatewayVertx = Vertx.vertx();
  final Vertx clientVertx = Vertx.vertx();
  final Registry registry = Registry.memory(services);
  final WebClient web = WebClient.create(clientVertx, new WebClientOptions().setKeepAlive(true));
  private final List<MicroService> started = new ArrayList<>();
  private final List<Gateway> gateways = new ArrayList<>();
  Gateway gateway;

  /** The HTTP exchange as the test sees it. */
  record Reply(int status, MultiMap headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  MicroService service(String name, Object handler) {
    return service(name, builder -> builder.handler(handler));
  }

  MicroService service(String name, Consumer<MicroService.Builder> setup) {
    MicroService service = TestServices.start(services, registry, name, setup);
    started.add(service);
    return service;
  }

  /** Starts a gateway on 127.0.0.1:0 with the options given (plus whatever the setup adds). */
  Gateway start(GatewayOptions options, Consumer<Gateway.Builder> setup) {
    Gateway.Builder builder = Gateway.builder(gatewayVertx)
      .options(new GatewayOptions(options).setAddress("127.0.0.1:0"))
      .registry(registry);
    setup.accept(builder);
    Gateway built = builder.build();
    Await.result(built.start());
    gateways.add(built);
    gateway = built;
    return built;
  }

  Gateway start(GatewayOptions options) {
    return start(options, b -> {
    });
  }

  Reply get(String path) {
    return send(HttpMethod.GET, path, Map.of(), null);
  }

  Reply post(String path, String json) {
    return send(HttpMethod.POST, path, Map.of("Content-Type", "application/json"), Buffer.buffer(json));
  }

  Reply send(HttpMethod method, String path, Map<String, String> headers, Buffer body) {
    return send(gateway, method, path, headers, body);
  }

  Reply send(Gateway target, HttpMethod method, String path, Map<String, String> headers, Buffer body) {
    HttpRequest<Buffer> request = web.request(method, target.port(), "127.0.0.1", path);
    headers.forEach(request::putHeader);
    HttpResponse<Buffer> response = Await.result(body == null ? request.send() : request.sendBuffer(body));
    return new Reply(response.statusCode(), response.headers(),
      response.body() == null ? "" : response.body().toString());
  }

  /** The address of the first registered node of a service. */
  String registryNodeAddress(String service) {
    return Await.result(registry.getService(service)).get(0).nodes().get(0).address();
  }

  /** Waits until the gateway routes the path somewhere (its index saw the registration). */
  void awaitRouted(String path) {
    Await.until("the gateway to route " + path, () -> get(path).status() != 404);
  }

  @Override
  public void close() {
    for (Gateway g : gateways) {
      Await.result(g.stop());
    }
    for (MicroService service : started) {
      Await.result(service.stop());
    }
    web.close();
    Await.result(clientVertx.close());
    Await.result(gatewayVertx.close());
    Await.result(services.close());
  }
}
