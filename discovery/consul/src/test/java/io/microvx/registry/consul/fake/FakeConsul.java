package io.microvx.registry.consul.fake;

import io.microvx.config.Durations;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A stand-in for a Consul agent's HTTP API (a server agent of datacenter {@code dc1}, one node), for the
 * calls the consul registry makes, answering as Consul does:
 *
 * <ul>
 *   <li>{@code PUT /v1/agent/service/register} (a TTL check in {@code Check}), {@code PUT
 *   /v1/agent/service/deregister/<id>} (404 {@code Unknown service ID} when there is none), {@code PUT
 *   /v1/agent/check/pass/<check id>} (404 {@code Unknown check ID});</li>
 *   <li>{@code GET /v1/health/service/<name>[?passing]} and {@code GET /v1/catalog/services}, both blocking
 *   queries: with {@code index} they are held until the index moves past it or {@code wait} (plus up to
 *   wait/16 jitter, default 5m, at most 10m) ends, answering {@code X-Consul-Index}; indexes move on real
 *   changes only;</li>
 *   <li>TTL checks: turned critical ({@code TTL expired}) when not passed within their TTL, the service
 *   reaped once critical for its {@code DeregisterCriticalServiceAfter}, both on the fake's
 *   {@link FakeClock};</li>
 *   <li>ACLs when made with a token: a token it does not know is 403 {@code ACL not found}; no token is the
 *   anonymous one, whose writes are 403 {@code Permission denied} and whose reads come back empty;</li>
 *   <li>{@code dc} other than {@code dc1}: 500 {@code No path to datacenter}.</li>
 * </ul>
 *
 * {@link #refuse()} takes it off the network (connections closed, new ones closed at once) keeping its
 * state; {@link #accept()} brings it back. It listens on 127.0.0.1, on a port the system picks.
 */
public final class FakeConsul {

  private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
  private static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final Context context;
  private final FakeClock clock;
  private final String token;
  private final FakeCatalog catalog;
  private final Set<HttpConnection> connections = new HashSet<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private HttpServer server;
  private volatile boolean refusing;
  private volatile int refused;

  private record Waiter(HttpServerRequest request, long minIndex, Supplier<Long> index, Runnable answer, long timer) {
  }

  private FakeConsul(FakeClock clock, String token) {
    this.vertx = Vertx.vertx();
    this.context = vertx.getOrCreateContext();
    this.clock = clock;
    this.token = token;
    this.catalog = new FakeCatalog(clock);
    catalog.onChange(this::wakeWaiters);
  }

  /** A fake agent without ACLs on the system clock. */
  public static FakeConsul start() {
    return start(FakeClock.system(), null);
  }

  /** A fake agent on that clock, with ACLs (default policy deny) when {@code aclToken} is set. */
  public static FakeConsul start(FakeClock clock, String aclToken) {
    FakeConsul fake = new FakeConsul(clock, aclToken);
    fake.onContext(() -> {
      fake.server = fake.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
      fake.server.connectionHandler(fake::connected).requestHandler(fake::handle);
      // the clock is read every 20ms: TTLs lapse on time without a timer per check
      fake.vertx.setPeriodic(20, id -> fake.catalog.tick());
      return fake.server.listen().mapEmpty();
    });
    return fake;
  }

  /** {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  /** Off the network, state kept: open connections are closed, new ones closed as they come. */
  public void refuse() {
    onContext(() -> {
      refusing = true;
      new ArrayList<>(waiters).forEach(w -> vertx.cancelTimer(w.timer));
      waiters.clear();
      new ArrayList<>(connections).forEach(HttpConnection::close);
      return Future.succeededFuture();
    });
  }

  /** Back on the network with the state it had. */
  public void accept() {
    onContext(() -> {
      refusing = false;
      return Future.succeededFuture();
    });
  }

  /** Connections closed while refusing. */
  public int refusedConnections() {
    return refused;
  }

  /** Moves a {@link FakeClock#manual()} clock on and lets TTLs and reaping act at once. */
  public void advance(Duration by) {
    if (!(clock instanceof FakeClock.Manual manual)) {
      throw new IllegalStateException("the fake runs on the system clock");
    }
    onContext(() -> {
      manual.advance(by);
      catalog.tick();
      return Future.succeededFuture();
    });
  }

  /** The check's status ({@code passing}, {@code critical}), or null when the agent has no such check. */
  public String checkStatus(String checkId) {
    return onContext(() -> {
      FakeCatalog.TtlCheck check = catalog.check(checkId);
      return Future.succeededFuture(check == null ? null : check.status);
    });
  }

  /** How many TTL passes the check got. */
  public int passes(String checkId) {
    return onContext(() -> {
      FakeCatalog.TtlCheck check = catalog.check(checkId);
      return Future.succeededFuture(check == null ? 0 : check.passes);
    });
  }

  /** The raft index: it moves on every change the catalog sees. */
  public long index() {
    return onContext(() -> Future.succeededFuture(catalog.raftIndex()));
  }

  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("closing the fake Consul", e);
    }
  }

  private <T> T onContext(Supplier<Future<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> action.get().onComplete(ar -> {
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else {
        result.completeExceptionally(ar.cause());
      }
    }));
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the fake Consul did not do it", e);
    }
  }

  private void connected(HttpConnection connection) {
    if (refusing) {
      refused++;
      connection.close();
      return;
    }
    connections.add(connection);
    connection.closeHandler(v -> connections.remove(connection));
  }

  // ---- the API

  private void handle(HttpServerRequest request) {
    if (refusing) {
      request.connection().close();
      return;
    }
    request.body().onSuccess(body -> route(request, body));
  }

  private void route(HttpServerRequest request, Buffer body) {
    String path = request.path();
    MultiMap query = request.params();
    String dc = query.get("dc");
    if (dc != null && !dc.isEmpty() && !dc.equals(FakeCatalog.DATACENTER)) {
      text(request, 500, "No path to datacenter");
      return;
    }
    Acl acl = acl(request);
    if (acl == Acl.UNKNOWN) {
      text(request, 403, "ACL not found");
      return;
    }
    if (path.equals("/v1/agent/service/register")) {
      requirePut(request, () -> register(request, body, acl));
    } else if (path.startsWith("/v1/agent/service/deregister/")) {
      requirePut(request, () -> deregister(request, decode(path.substring("/v1/agent/service/deregister/".length())), acl));
    } else if (path.startsWith("/v1/agent/check/pass/")) {
      requirePut(request, () -> pass(request, decode(path.substring("/v1/agent/check/pass/".length())), acl));
    } else if (path.startsWith("/v1/health/service/")) {
      requireGet(request, () -> health(request, decode(path.substring("/v1/health/service/".length())), acl));
    } else if (path.equals("/v1/catalog/services")) {
      requireGet(request, () -> blocking(request, catalog::servicesIndex,
        () -> acl == Acl.ANONYMOUS ? new JsonObject() : catalog.catalogServices(), acl));
    } else {
      text(request, 404, "404 page not found");
    }
  }

  private enum Acl { OFF, GRANTED, ANONYMOUS, UNKNOWN }

  private Acl acl(HttpServerRequest request) {
    if (token == null) {
      return Acl.OFF;
    }
    String given = request.getHeader("X-Consul-Token");
    if (given == null) {
      given = request.params().get("token");
    }
    String bearer = request.getHeader("Authorization");
    if (given == null && bearer != null && bearer.startsWith("Bearer ")) {
      given = bearer.substring("Bearer ".length());
    }
    if (given == null || given.isEmpty()) {
      return Acl.ANONYMOUS;
    }
    return given.equals(token) ? Acl.GRANTED : Acl.UNKNOWN;
  }

  private static void denied(HttpServerRequest request, String permission, String resource) {
    text(request, 403, "Permission denied: anonymous token lacks permission '" + permission + "' on \"" + resource + "\"");
  }

  private void register(HttpServerRequest request, Buffer body, Acl acl) {
    FakeRegistration registration;
    try {
      registration = FakeRegistration.parse(body);
    } catch (FakeRegistration.Refused refused) {
      text(request, 400, refused.getMessage());
      return;
    }
    if (acl == Acl.ANONYMOUS) {
      denied(request, "service:write", registration.name());
      return;
    }
    catalog.register(registration.id(), registration.name(), registration.tags(), registration.address(),
      registration.port(), registration.check(), registration.initialStatus());
    request.response().setStatusCode(200).end();
  }

  private void deregister(HttpServerRequest request, String id, Acl acl) {
    if (acl == Acl.ANONYMOUS) {
      denied(request, "service:write", id);
      return;
    }
    if (!catalog.deregister(id)) {
      text(request, 404, "Unknown service ID \"" + id + "\". Ensure that the service ID is passed, not the service name.");
      return;
    }
    request.response().setStatusCode(200).end();
  }

  private void pass(HttpServerRequest request, String checkId, Acl acl) {
    FakeCatalog.TtlCheck check = catalog.check(checkId);
    if (check == null) {
      text(request, 404, "Unknown check ID \"" + checkId + "\". Ensure that the check ID is passed, not the check name.");
      return;
    }
    if (acl == Acl.ANONYMOUS) {
      denied(request, "service:write", check.serviceName);
      return;
    }
    catalog.pass(check, request.params().get("note"));
    request.response().setStatusCode(200).end();
  }

  private void health(HttpServerRequest request, String name, Acl acl) {
    String passingParam = request.params().get("passing");
    boolean passing = request.params().contains("passing")
      && (passingParam == null || passingParam.isEmpty() || !List.of("0", "false").contains(passingParam));
    blocking(request, () -> catalog.healthIndex(name),
      () -> acl == Acl.ANONYMOUS ? new JsonArray() : catalog.health(name, passing), acl);
  }

  /** Answers now, or once the index moves past {@code ?index=}, or when {@code ?wait=} (plus jitter) ends. */
  private void blocking(HttpServerRequest request, Supplier<Long> index, Supplier<Object> result, Acl acl) {
    Runnable answer = () -> {
      long current = Math.max(1, index.get());
      request.response().setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Consul-Index", Long.toString(current))
        .putHeader("X-Consul-KnownLeader", "true")
        .putHeader("X-Consul-LastContact", "0");
      if (acl == Acl.ANONYMOUS) {
        request.response().putHeader("X-Consul-Results-Filtered-By-ACLs", "true");
      }
      Object body = result.get();
      request.response().end(body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
    };
    long minIndex;
    Duration wait;
    try {
      String indexParam = request.params().get("index");
      minIndex = indexParam == null || indexParam.isEmpty() ? 0 : Long.parseUnsignedLong(indexParam);
      String waitParam = request.params().get("wait");
      wait = waitParam == null || waitParam.isEmpty() ? DEFAULT_WAIT : Durations.parse(waitParam);
    } catch (IllegalArgumentException e) {
      text(request, 400, "Invalid blocking query: " + e.getMessage());
      return;
    }
    if (minIndex == 0 || Math.max(1, index.get()) > minIndex) {
      answer.run();
      return;
    }
    if (wait.compareTo(MAX_WAIT) > 0) {
      wait = MAX_WAIT;
    }
    long jitter = wait.toMillis() / 16 == 0 ? 0 : ThreadLocalRandom.current().nextLong(wait.toMillis() / 16);
    long delay = Math.max(1, wait.toMillis() + jitter);
    Waiter[] self = new Waiter[1];
    long timer = vertx.setTimer(delay, id -> {
      waiters.remove(self[0]);
      if (!request.response().ended() && !request.response().closed()) {
        answer.run();
      }
    });
    self[0] = new Waiter(request, minIndex, index, answer, timer);
    waiters.add(self[0]);
    request.connection().closeHandler(v -> {
      waiters.remove(self[0]);
      vertx.cancelTimer(timer);
    });
  }

  private void wakeWaiters() {
    for (Waiter waiter : new ArrayList<>(waiters)) {
      if (Math.max(1, waiter.index.get()) > waiter.minIndex) {
        waiters.remove(waiter);
        vertx.cancelTimer(waiter.timer);
        if (!waiter.request.response().ended() && !waiter.request.response().closed()) {
          waiter.answer.run();
        }
      }
    }
  }

  private static void requirePut(HttpServerRequest request, Runnable action) {
    if (request.method() != HttpMethod.PUT) {
      text(request, 405, "method " + request.method() + " not allowed");
      return;
    }
    action.run();
  }

  private static void requireGet(HttpServerRequest request, Runnable action) {
    if (request.method() != HttpMethod.GET) {
      text(request, 405, "method " + request.method() + " not allowed");
      return;
    }
    action.run();
  }

  /** As Go unescapes a path: percent-escapes only, a '+' stays a '+'. */
  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Consul's errors are plain text. */
  private static void text(HttpServerRequest request, int status, String message) {
    request.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
  }
}
