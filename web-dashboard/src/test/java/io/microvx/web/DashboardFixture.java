package io.microvx.web;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.client.Client;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.Registry;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.TestServices;
import io.microvx.transport.HttpTransportOptions;
import io.microvx.transport.Transport;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services and the dashboard on one Vert.x, a test client on another, all on loopback with ports chosen
 * by the system, one in-memory registry and one in-memory broker (named per fixture, so tests do not
 * see each other's services). Closes everything it started.
 */
final class DashboardFixture implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final Vertx clientVertx = Vertx.vertx();
  final String storeName = "web-" + UUID.randomUUID();
  final Registry registry = Registry.sharedMemory(vertx, storeName);
  final Broker broker = Broker.sharedMemory(vertx, storeName, new BrokerOptions());
  final Client client;
  final WebClient web = WebClient.create(clientVertx, new WebClientOptions().setKeepAlive(true).setFollowRedirects(false));
  private final List<MicroService> started = new ArrayList<>();
  private final List<Runnable> cleanups = new ArrayList<>();
  WebDashboardVerticle dashboard;

  /** An HTTP exchange as the test sees it. */
  record Reply(int status, MultiMap headers, String body) {
    String header(String name) {
      return headers.get(name);
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  DashboardFixture() {
    Selector selector = Selector.create(Registry.cached(vertx, registry, new CacheOptions()), new SelectorOptions());
    client = Client.builder(vertx).selector(selector).transport(Transport.http(vertx, new HttpTransportOptions()))
      .broker(broker).build();
    Await.result(broker.connect());
  }

  /** Starts the dashboard on 127.0.0.1:0 over the fixture's registry and client. */
  DashboardFixture start(WebDashboardOptions options) {
    return start(options, System::currentTimeMillis);
  }

  /** With the clock sign-in throttling goes by. */
  DashboardFixture start(WebDashboardOptions options, java.util.function.LongSupplier millis) {
    dashboard = new WebDashboardVerticle(registry, client, new WebDashboardOptions(options).setAddress("127.0.0.1:0"))
      .clock(millis);
    Await.result(vertx.deployVerticle(dashboard));
    return this;
  }

  DashboardFixture start() {
    return start(new WebDashboardOptions());
  }

  String base() {
    return "http://127.0.0.1:" + dashboard.port();
  }

  MicroService service(String name, Consumer<MicroService.Builder> setup) {
    MicroService service = TestServices.start(vertx, registry, name, builder -> {
      builder.broker(broker);
      setup.accept(builder);
    });
    started.add(service);
    return service;
  }

  /** Runs at close, before the Vert.x instances go. */
  void onClose(Runnable cleanup) {
    cleanups.add(cleanup);
  }

  Reply get(String path) {
    return send(HttpMethod.GET, path, Map.of(), null);
  }

  Reply post(String path, JsonObject json) {
    return send(HttpMethod.POST, path, Map.of("Content-Type", "application/json"), json.toBuffer());
  }

  Reply send(HttpMethod method, String path, Map<String, String> headers, Buffer body) {
    HttpRequest<Buffer> request = web.request(method, dashboard.port(), "127.0.0.1", path);
    headers.forEach(request::putHeader);
    HttpResponse<Buffer> response = Await.result(body == null ? request.send() : request.sendBuffer(body));
    return new Reply(response.statusCode(), response.headers(), response.body() == null ? "" : response.body().toString());
  }

  /** Runs a terminal command that must succeed; its output. */
  String terminal(String line) {
    JsonObject reply = post("/_/api/terminal", new JsonObject().put("line", line)).json();
    assertThat(reply.getBoolean("ok")).as(reply.getString("output")).isTrue();
    return reply.getString("output");
  }

  /** Waits until the dashboard's view of the registry lists the service. */
  void awaitListed(String name) {
    Await.until("the dashboard to list " + name,
      () -> get("/_/api/services").json().getJsonArray("services").stream()
        .anyMatch(s -> name.equals(((JsonObject) s).getString("name"))));
  }

  @Override
  public void close() {
    cleanups.forEach(Runnable::run);
    web.close();
    for (MicroService service : started) {
      Await.result(service.stop());
    }
    Await.result(clientVertx.close());
    Await.result(vertx.close());
  }
}
