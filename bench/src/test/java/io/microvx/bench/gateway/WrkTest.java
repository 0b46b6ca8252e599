package io.microvx.bench.gateway;

import io.microvx.bench.Measurement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WrkTest {

  private static final String REPORT = """
    Running 5s test @ http://127.0.0.1:40037/
      2 threads and 64 connections
      Thread Stats   Avg      Stdev     Max   +/- Stdev
        Latency   621.45us  342.11us  12.34ms   90.12%
        Req/Sec    52.31k     3.21k   60.12k    70.00%
      Latency Distribution
         50%  570.00us
         75%  700.00us
         90%    0.86ms
         99%    1.89ms
      523456 requests in 5.00s, 65.43MB read
      Socket errors: connect 0, read 2, write 0, timeout 1
      Non-2xx or 3xx responses: 12
    Requests/sec: 104567.89
    Transfer/sec:     13.07MB
    """;

  @Test
  void readsRateLatenciesCountAndFailures() {
    Measurement m = Wrk.parse(REPORT);

    assertThat(m.value()).isCloseTo(104567.89, within(1e-6));
    assertThat(m.p50Ms()).isCloseTo(0.57, within(1e-9));
    assertThat(m.p99Ms()).isCloseTo(1.89, within(1e-9));
    assertThat(m.count()).isEqualTo(523456);
    assertThat(m.failures()).isEqualTo(15);
  }

  @Test
  void readsSecondsAndCleanRuns() {
    Measurement m = Wrk.parse(REPORT.replace("1.89ms", "1.20s")
      .replaceAll("(?m)^.*(Socket errors|Non-2xx).*\n", ""));

    assertThat(m.p99Ms()).isCloseTo(1200, within(1e-9));
    assertThat(m.failures()).isZero();
  }

  @Test
  void aRunWithoutRequestsOrReportFails() {
    assertThatThrownBy(() -> Wrk.parse(REPORT.replace("523456 requests", "0 requests")))
      .hasMessageContaining("no request");
    assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"))
      .hasMessageContaining("Requests/sec");
  }

  @Test
  void wholeSecondsAtLeastOne() {
    assertThat(Wrk.seconds(Duration.ofMillis(300))).isEqualTo(1);
    assertThat(Wrk.seconds(Duration.ofMillis(2000))).isEqualTo(2);
    assertThat(Wrk.seconds(Duration.ofMillis(2001))).isEqualTo(3);
  }

  @Test
  void luaPostsTheBodyWithTheHeadersAndChecksRepliesOnlyWhenAsked() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Micro-Endpoint", "Say.Hello");
    Wrk.Request request = new Wrk.Request("http://127.0.0.1:1/", "{\"name\":\"]=]\"}", headers);

    String plain = Wrk.lua(request, null);
    assertThat(plain).isEqualTo("""
      wrk.method = "POST"
      wrk.body = [==[{"name":"]=]"}]==]
      wrk.headers[ [=[Content-Type]=] ] = [=[application/json]=]
      wrk.headers[ [=[Micro-Endpoint]=] ] = [=[Say.Hello]=]
      """);
    assertThat(Wrk.lua(request, "{\"msg\":\"Hello\"}")).startsWith(plain)
      .contains("response = function(status, headers, body)")
      .contains("body ~= [=[{\"msg\":\"Hello\"}]=]")
      .contains("headers[\"Micro-Error\"]");
  }
}
