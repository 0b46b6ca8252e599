package io.microvx.tracing;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.gateway.Gateway;
import io.microvx.gateway.GatewayOptions;
import io.microvx.metadata.CallContext;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.microvx.testing.TestServices;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request through a gateway, a shop, a stock service that fails its first attempt, and a message to
 * a mailer: every span in one trace, each the child of the hop before it.
 */
class TraceAcrossHopsTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";

  private final Vertx vertx = Vertx.vertx();
  private final Registry registry = Registry.memory(vertx);
  /** The in-process broker this test's services share, of its own. */
  private final String bus = "trace-" + java.util.UUID.randomUUID();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
    .build();
  private final ServiceWrappers tracing = Tracing.wrappers(sdk);
  private final List<MicroService> services = new ArrayList<>();
  private Gateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      Await.result(gateway.stop());
    }
    services.forEach(s -> Await.result(s.stop()));
    Await.result(vertx.close());
    sdk.close();
  }

  /** Reserve fails its first call with 503 (retried on another try), then answers. */
  public static class Stock {
    final AtomicInteger calls = new AtomicInteger();

    public Greeting.Response reserve(Greeting.Request request) {
      if (calls.getAndIncrement() == 0) {
        throw MicroException.of("stock", 503, "busy", "Service Unavailable");
      }
      return new Greeting.Response("reserved " + request.name());
    }

    public Greeting.Response refuse(Greeting.Request request) {
      throw MicroException.badRequest("stock", "no such item");
    }
  }

  /** Buy reserves the item, then tells the mailer. */
  public static class Shop {
    volatile Client client;

    public Future<Greeting.Response> buy(Greeting.Request request) {
      return client.call("stock", "Stock.Reserve", request, Greeting.Response.class, new CallOptions().setRetries(2))
        .compose(reserved -> client.publish("orders", request).map(reserved));
    }
  }

  /** Takes orders, and the trace context its delivery carried. */
  public static class Mailer {
    final List<String> traceparents = new CopyOnWriteArrayList<>();

    public void send(Greeting.Request order, CallContext context) {
      traceparents.add(context.metadata().get("traceparent"));
    }
  }

  private MicroService service(String name, java.util.function.Consumer<MicroService.Builder> setup) {
    MicroService service = TestServices.start(vertx, registry, name, b -> {
      b.set("broker", "memory").set("broker_address", bus).wrap(tracing);
      setup.accept(b);
    });
    services.add(service);
    return service;
  }

  private Mailer shopWithStockAndMailer() {
    Stock stock = new Stock();
    Shop shop = new Shop();
    Mailer mailer = new Mailer();
    service("stock", b -> b.handler("Stock", stock));
    service("mailer", b -> b.subscriber("orders", mailer));
    shop.client = service("shop", b -> b.handler("Shop", shop)).client();
    gateway = Gateway.builder(vertx)
      .options(new GatewayOptions().setAddress("127.0.0.1:0").setEnableRpc(true))
      .registry(registry)
      .wrap(tracing)
      .build();
    Await.result(gateway.start());
    return mailer;
  }

  private int post(String path, Map<String, String> headers, JsonObject body) {
    HttpClient http = vertx.createHttpClient();
    try {
      return Await.result(http.request(HttpMethod.POST, gateway.port(), "127.0.0.1", path).compose(request -> {
        headers.forEach(request::putHeader);
        request.putHeader("Content-Type", "application/json");
        return request.send(Buffer.buffer(body.encode()));
      }).compose(response -> response.body().map(b -> response.statusCode())));
    } finally {
      http.close();
    }
  }

  private static JsonObject buy(String item) {
    return new JsonObject().put("service", "shop").put("endpoint", "Shop.Buy")
      .put("request", new JsonObject().put("name", item));
  }

  private SpanData one(String what, Predicate<SpanData> which) {
    List<SpanData> found = spans.getFinishedSpanItems().stream().filter(which).toList();
    assertThat(found).as(what).hasSize(1);
    return found.get(0);
  }

  private static Predicate<SpanData> named(String name, SpanKind kind) {
    return s -> s.getName().equals(name) && s.getKind() == kind;
  }

  @Test
  void oneTraceRunsFromTheGatewayThroughEveryCallRetryAndMessage() {
    Mailer mailer = shopWithStockAndMailer();
    int status = post("/rpc", Map.of("traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-01"), buy("tea"));
    assertThat(status).isEqualTo(200);
    Await.until("the mailer's delivery span ended",
      () -> spans.getFinishedSpanItems().stream().anyMatch(named("orders process", SpanKind.CONSUMER)));

    assertThat(spans.getFinishedSpanItems()).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(TRACE));
    SpanData request = one("the gateway's request", s -> s.getKind() == SpanKind.SERVER && s.getName().startsWith("POST "));
    assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(request.getName()).isEqualTo("POST rpc");
    SpanData gatewayCall = one("the gateway's call", named("shop/Shop.Buy", SpanKind.INTERNAL));
    assertThat(gatewayCall.getParentSpanId()).isEqualTo(request.getSpanId());
    SpanData gatewayAttempt = one("the gateway's attempt", named("shop/Shop.Buy", SpanKind.CLIENT));
    assertThat(gatewayAttempt.getParentSpanId()).isEqualTo(gatewayCall.getSpanId());
    SpanData served = one("the shop's handling", named("shop/Shop.Buy", SpanKind.SERVER));
    assertThat(served.getParentSpanId()).isEqualTo(gatewayAttempt.getSpanId());
    assertThat(served.getAttributes().get(TracingWrappers.RPC_SYSTEM)).isEqualTo("go-micro");

    SpanData reserve = one("the shop's call to stock", named("stock/Stock.Reserve", SpanKind.INTERNAL));
    assertThat(reserve.getParentSpanId()).isEqualTo(served.getSpanId());
    List<SpanData> attempts = spans.getFinishedSpanItems().stream()
      .filter(named("stock/Stock.Reserve", SpanKind.CLIENT)).toList();
    assertThat(attempts).extracting(s -> s.getAttributes().get(TracingWrappers.ATTEMPT)).containsExactlyInAnyOrder(1L, 2L);
    assertThat(attempts).allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(reserve.getSpanId()));
    SpanData failed = attempts.stream().filter(a -> a.getAttributes().get(TracingWrappers.ATTEMPT) == 1L).findFirst().orElseThrow();
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getAttributes().get(TracingWrappers.ERROR_CODE)).isEqualTo(503L);
    List<SpanData> stockServed = spans.getFinishedSpanItems().stream()
      .filter(named("stock/Stock.Reserve", SpanKind.SERVER)).toList();
    assertThat(stockServed).extracting(SpanData::getParentSpanId)
      .containsExactlyInAnyOrderElementsOf(attempts.stream().map(SpanData::getSpanId).toList());

    SpanData publish = one("the shop's publication", named("orders publish", SpanKind.PRODUCER));
    assertThat(publish.getParentSpanId()).isEqualTo(served.getSpanId());
    assertThat(publish.getAttributes().get(TracedBroker.DESTINATION)).isEqualTo("orders");
    SpanData delivery = one("the mailer's delivery", named("orders process", SpanKind.CONSUMER));
    assertThat(delivery.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(mailer.traceparents).singleElement().asString().contains(TRACE, delivery.getSpanId());
  }

  @Test
  void aRequestWithoutTraceparentStartsATraceAndCallersMistakesAreNotServerErrors() {
    shopWithStockAndMailer();
    Client client = services.get(2).client();
    Await.failure(client.call("stock", "Stock.Refuse", new Greeting.Request("x"), Greeting.Response.class));
    Await.result(client.call("stock", "Debug.Health", new JsonObject(), JsonObject.class));
    assertThat(post("/rpc", Map.of(), buy("tea"))).isEqualTo(200);
    Await.until("the mailer's delivery span ended",
      () -> spans.getFinishedSpanItems().stream().anyMatch(named("orders process", SpanKind.CONSUMER)));

    SpanData request = one("the gateway's request", s -> s.getKind() == SpanKind.SERVER && s.getName().startsWith("POST "));
    assertThat(request.getParentSpanContext().isValid()).isFalse();
    SpanData refused = one("the refusal served", named("stock/Stock.Refuse", SpanKind.SERVER));
    assertThat(refused.getAttributes().get(TracingWrappers.ERROR_CODE)).isEqualTo(400L);
    assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(one("the refused call", named("stock/Stock.Refuse", SpanKind.INTERNAL)).getStatus().getStatusCode())
      .isEqualTo(StatusCode.ERROR);
    assertThat(spans.getFinishedSpanItems()).noneMatch(s -> s.getName().contains("Debug."));
  }
}
