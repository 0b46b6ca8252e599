package io.microvx.security;

import io.microvx.testing.Await;
import io.microvx.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Refused requests are logged as one line each, at most one per interval of the clock, the rest counted. */
class BadRequestLogTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void oneLinePerIntervalWithTheSkippedCounted() throws Exception {
    AtomicLong now = new AtomicLong();
    List<String> lines = new CopyOnWriteArrayList<>();
    BadRequestLog log = new BadRequestLog(lines::add, now::get, Duration.ofSeconds(10));
    AtomicLong served = new AtomicLong();
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      HostGuard.Refusal refusal = HostGuard.check(request, true, true);
      log.refused(request, refusal.status(), refusal.detail());
      served.incrementAndGet();
      request.response().setStatusCode(refusal.status()).putHeader("Connection", "close").end();
    }).listen(0, "127.0.0.1"));

    for (int i = 0; i < 3; i++) {
      send(server.actualPort(), "GET /x%01y HTTP/1.1\r\n\r\n");
    }
    Await.until("three requests", () -> served.get() == 3);
    assertThat(lines).containsExactly("400 to GET /x%01y from 127.0.0.1: the request has no Host header");

    now.addAndGet(Duration.ofSeconds(10).toNanos());
    send(server.actualPort(), "GET / HTTP/1.1\r\nHost: evil.example.com\r\n\r\n");
    Await.until("the fourth request", () -> served.get() == 4);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).isEqualTo("403 to GET / from 127.0.0.1: this server only answers requests addressed to "
      + "this machine (localhost) (2 more refused since the last line)");
  }

  private static void send(int port, String request) throws Exception {
    RawHttp.exchange(port, request);
  }
}
