package io.microvx.proxy.server;

import io.microvx.broker.Broker;
import io.microvx.broker.BrokerOptions;
import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.registry.RegisterOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.microvx.testing.Await;
import io.microvx.testing.RawHttp;
import io.microvx.testing.TestCertificates;
import io.microvx.testing.TestServices;
import io.microvx.broker.Message;
import io.microvx.proxy.ProxyApi;
import io.microvx.proxy.ProxyBroker;
import io.microvx.proxy.ProxyClientOptions;
import io.microvx.proxy.ProxyRegistry;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.Map;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the proxy lets in: pages in a browser, addresses to dial, registrations that would never lapse. */
class ProxyDoorTest {

  private static final String SERVICE = "{\"name\":\"billing\",\"version\":\"1.0\","
    + "\"nodes\":[{\"id\":\"billing-1\",\"address\":\"10.0.0.9:4040\"}]}";

  private static final String TOKEN = "0123456789abcdef-proxy";

  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) {
    return Await.result(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private static String detail(HttpResponse<Buffer> response) {
    return MicroException.parse(response.bodyAsString()).detail();
  }

  @Test
  void aHostOtherThanThisMachineIsRefusedOnLoopback() {
    ProxyFixture fixture = new ProxyFixture(vertx);
    int port = fixture.proxy.port();

    HttpResponse<Buffer> rebound = send(web.get(port, "127.0.0.1", "/registry").virtualHost("evil.example.com"), null);
    assertThat(rebound.statusCode()).isEqualTo(403);
    assertThat(detail(rebound)).contains("addressed to this machine");
    assertThat(send(web.get(port, "127.0.0.1", "/registry").virtualHost("localhost"), null).statusCode()).isEqualTo(200);
  }

  @Test
  void aCrossSiteOriginCannotWriteTheRegistry() {
    ProxyFixture fixture = new ProxyFixture(vertx);
    int port = fixture.proxy.port();

    HttpResponse<Buffer> crossSite = send(web.post(port, "127.0.0.1", "/registry")
      .putHeader("Content-Type", "application/json").putHeader("Origin", "https://evil.example.com"), SERVICE);
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(detail(crossSite)).isEqualTo("cross-site request refused");
    HttpResponse<Buffer> fetched = send(web.post(port, "127.0.0.1", "/registry")
      .putHeader("Content-Type", "application/json").putHeader("Sec-Fetch-Site", "cross-site"), SERVICE);
    assertThat(fetched.statusCode()).isEqualTo(403);
    assertThat(Await.result(fixture.registry.listServices())).as("nothing registered").isEmpty();

    HttpResponse<Buffer> sameOrigin = send(web.post(port, "127.0.0.1", "/registry")
      .putHeader("Content-Type", "application/json").putHeader("Origin", "http://127.0.0.1:" + port), SERVICE);
    assertThat(sameOrigin.statusCode()).isEqualTo(200);
  }

  @Test
  void aCrossSiteWebSocketIsRefusedOnEveryRoute() {
    ProxyFixture fixture = new ProxyFixture(vertx);
    int port = fixture.proxy.port();
    WebSocketClient sockets = vertx.createWebSocketClient();
    for (String uri : List.of("/registry", "/broker?topic=t", "/stream?service=s&endpoint=E.e")) {
      Throwable refused = Await.failure(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(uri).addHeader("Origin", "https://evil.example.com")));
      assertThat(refused).as(uri).isInstanceOf(UpgradeRejectedException.class);
      assertThat(((UpgradeRejectedException) refused).getStatus()).as(uri).isEqualTo(403);
    }
    // the proxy's own clients (no Origin, or Vert.x's own of the proxy's address) still connect
    Await.result(sockets.connect(port, "127.0.0.1", "/registry")).close();
  }

  @Test
  void writesAFormCouldPostAreRefused() {
    ProxyFixture fixture = new ProxyFixture(vertx);
    int port = fixture.proxy.port();

    HttpResponse<Buffer> plain = send(web.post(port, "127.0.0.1", "/registry").putHeader("Content-Type", "text/plain"), SERVICE);
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(detail(plain)).contains("application/json");
    HttpResponse<Buffer> form = send(web.post(port, "127.0.0.1", "/rpc")
      .putHeader("Content-Type", "application/x-www-form-urlencoded"), "service=billing&endpoint=Billing.Charge");
    assertThat(form.statusCode()).isEqualTo(415);
    HttpResponse<Buffer> untyped = send(web.request(HttpMethod.DELETE, port, "127.0.0.1", "/registry"), SERVICE);
    assertThat(untyped.statusCode()).isEqualTo(415);
    assertThat(send(web.post(port, "127.0.0.1", "/broker?topic=t").putHeader("Content-Type", "text/plain"), "hi")
      .statusCode()).isEqualTo(415);
    assertThat(Await.result(fixture.registry.listServices())).as("nothing registered").isEmpty();

    // a message of any type goes with the header only scripts can set, as the proxy broker sends it
    assertThat(send(web.post(port, "127.0.0.1", "/broker?topic=t").putHeader("Content-Type", "text/plain")
      .putHeader("X-Requested-With", "micro"), "hi").statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestWithoutAHostIsA400() throws Exception {
    ProxyFixture fixture = new ProxyFixture(vertx);
    assertThat(RawHttp.exchange(fixture.proxy.port(), "GET /registry HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400")
      .contains("the request has no Host header");
    assertThat(RawHttp.exchange(fixture.proxy.port(), "POST /registry HTTP/1.1\r\nContent-Type: application/json\r\n"
      + "Content-Length: 2\r\n\r\n{}")).startsWith("HTTP/1.1 400");
  }

  @Test
  void rpcDialsOnlyRegisteredNodesOfTheNamedService() {
    ProxyFixture fixture = new ProxyFixture(vertx);
    int port = fixture.proxy.port();
    AtomicInteger dialled = new AtomicInteger();
    NetServer elsewhere = Await.result(vertx.createNetServer().connectHandler(socket -> {
      dialled.incrementAndGet();
      socket.close();
    }).listen(0, "127.0.0.1"));
    Await.result(fixture.registry.register(new Service("billing", "1.0", List.of(new Node("billing-1", "10.0.0.9:4040")))));

    for (String service : List.of("billing", "nobody")) {
      HttpResponse<Buffer> refused = send(web.post(port, "127.0.0.1", "/rpc").putHeader("Content-Type", "application/json"),
        "{\"service\":\"" + service + "\",\"endpoint\":\"Billing.Charge\",\"request\":{},\"address\":\"127.0.0.1:"
          + elsewhere.actualPort() + "\"}");
      assertThat(refused.statusCode()).as(service).isEqualTo(400);
      assertThat(detail(refused)).isEqualTo("address 127.0.0.1:" + elsewhere.actualPort() + " is not a node of service " + service);
    }
    assertThat(dialled.get()).as("connections to the unregistered address").isZero();
  }

  @Test
  void noRegistrationThroughTheProxyOutlivesTheLongestTtl() {
    RecordingRegistry registry = new RecordingRegistry(Registry.memory(vertx));
    ProxyVerticle proxy = new ProxyVerticle(registry, TestServices.client(vertx, registry),
      Broker.memory(vertx, new BrokerOptions()), new ProxyOptions().setAddress("127.0.0.1:0"));
    Await.result(vertx.deployVerticle(proxy));
    int port = proxy.port();

    for (String ttl : List.of("?ttl=0", "", "?ttl=1h")) {
      assertThat(send(web.post(port, "127.0.0.1", "/registry" + ttl).putHeader("Content-Type", "application/json"), SERVICE)
        .statusCode()).isEqualTo(200);
      assertThat(registry.ttls.get(registry.ttls.size() - 1)).as(ttl).isEqualTo(Duration.ofMinutes(5));
    }
    send(web.post(port, "127.0.0.1", "/registry?ttl=30s").putHeader("Content-Type", "application/json"), SERVICE);
    assertThat(registry.ttls.get(registry.ttls.size() - 1)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void callersWithoutATokenKeepABoundedNumberOfNodes() {
    AtomicLong now = new AtomicLong();
    int port = deploy(Registry.memory(vertx), new ProxyOptions().setAddress("127.0.0.1:0").setMaxRegistrations(2), now::get);

    assertThat(register(port, "a", "10s").statusCode()).isEqualTo(200);
    assertThat(register(port, "b", "10s").statusCode()).isEqualTo(200);
    assertThat(register(port, "a", "10s").statusCode()).as("re-registering the same node").isEqualTo(200);
    HttpResponse<Buffer> third = register(port, "c", "10s");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(detail(third)).startsWith("too many registrations");

    now.addAndGet(Duration.ofSeconds(11).toNanos()); // a and b lapsed
    assertThat(register(port, "c", "10s").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> deregistered = send(web.request(HttpMethod.DELETE, port, "127.0.0.1", "/registry")
      .putHeader("Content-Type", "application/json"), node("c"));
    assertThat(deregistered.statusCode()).isEqualTo(200);
    assertThat(register(port, "d", "10s").statusCode()).isEqualTo(200);
    assertThat(register(port, "e", "10s").statusCode()).isEqualTo(200);
  }

  @Test
  void thePluginsReachAProxyOverHttpsTrustingItsCa(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.make(dir);
    ProxyFixture fixture = new ProxyFixture(vertx, new ProxyOptions().setAddress("127.0.0.1:0")
      .setTls(certs.cert().toString(), certs.key().toString()).setToken(TOKEN), new BrokerOptions());
    String https = "https://127.0.0.1:" + fixture.proxy.port();
    ProxyApi api = new ProxyApi(vertx, new ProxyClientOptions().setAddress(https).setToken(TOKEN)
      .setTlsCa(certs.ca().toString()));
    ProxyRegistry registry = new ProxyRegistry(api, false);
    Await.result(registry.register(new Service("billing", "1.0", List.of(new Node("billing-1", "10.0.0.9:4040")))));
    assertThat(Await.result(registry.listServices())).extracting(Service::name).containsExactly("billing");

    ProxyBroker broker = new ProxyBroker(vertx, api, false, new BrokerOptions());
    List<String> received = new CopyOnWriteArrayList<>();
    Await.result(broker.subscribe("news", event -> {
      received.add(event.message().body().toString());
      return Future.succeededFuture();
    }));
    Await.result(broker.publish("news", new Message(Map.of("Content-Type", "text/plain"), Buffer.buffer("over tls"))));
    Await.until("the message over wss", () -> received.contains("over tls"));

    ProxyRegistry untrusting = new ProxyRegistry(new ProxyApi(vertx, new ProxyClientOptions().setAddress(https)
      .setToken(TOKEN)), true);
    assertThat(Await.failure(untrusting.listServices())).as("a certificate the JVM does not trust")
      .isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code()).isEqualTo(503));
    assertThatThrownBy(() -> new ProxyClientOptions().setTlsCa(dir.resolve("none.pem").toString()))
      .hasMessageContaining("proxy_tls_ca: cannot read");
    assertThatThrownBy(() -> new ProxyApi(vertx, new ProxyClientOptions().setAddress("127.0.0.1:1")
      .setTlsCa(certs.ca().toString()))).hasMessageContaining("is not https://");
  }

  @Test
  void tokensShorterThan16CharactersAreRefused() {
    assertThatThrownBy(() -> new ProxyOptions().setToken("s3cret"))
      .hasMessageContaining("proxy_token is too short: use at least 16 characters");
    assertThatThrownBy(() -> new ProxyOptions(new io.vertx.core.json.JsonObject().put("proxy_token", "123456789012345")))
      .hasMessageContaining("too short");
    assertThat(new ProxyOptions().setToken(TOKEN).getToken()).isEqualTo(TOKEN);
  }

  private HttpResponse<Buffer> register(int port, String node, String ttl) {
    return send(web.post(port, "127.0.0.1", "/registry?ttl=" + ttl).putHeader("Content-Type", "application/json"), node(node));
  }

  private static String node(String id) {
    return "{\"name\":\"svc-" + id + "\",\"nodes\":[{\"id\":\"" + id + "\",\"address\":\"10.0.0.1:1\"}]}";
  }

  private int deploy(Registry registry, ProxyOptions options, java.util.function.LongSupplier clock) {
    ProxyVerticle proxy = new ProxyVerticle(registry, TestServices.client(vertx, registry),
      Broker.memory(vertx, new BrokerOptions()), options).clock(clock);
    Await.result(vertx.deployVerticle(proxy));
    return proxy.port();
  }

  /** The memory registry, noting the TTL of each registration. */
  private static final class RecordingRegistry implements Registry {
    final List<Duration> ttls = new CopyOnWriteArrayList<>();
    private final Registry backend;

    RecordingRegistry(Registry backend) {
      this.backend = backend;
    }

    @Override
    public String name() {
      return backend.name();
    }

    @Override
    public Future<Void> register(Service service, RegisterOptions options) {
      ttls.add(options.getTtl());
      return backend.register(service, options);
    }

    @Override
    public Future<Void> deregister(Service service) {
      return backend.deregister(service);
    }

    @Override
    public Future<List<Service>> getService(String name) {
      return backend.getService(name);
    }

    @Override
    public Future<List<Service>> listServices() {
      return backend.listServices();
    }

    @Override
    public Future<Watcher> watch(WatchOptions options, Handler<WatchEvent> handler) {
      return backend.watch(options, handler);
    }

    @Override
    public Future<Void> close() {
      return backend.close();
    }
  }
}
