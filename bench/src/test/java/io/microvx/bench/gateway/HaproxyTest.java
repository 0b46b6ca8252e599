package io.microvx.bench.gateway;

import io.microvx.bench.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HaproxyTest {

  @Test
  void proxiesTheGatewayPathToTheGreeterWireOnLoopbackOnly() {
    String config = Haproxy.config("127.0.0.1:9000", 2, 8123);

    assertThat(config)
      .contains("bind 127.0.0.1:8123")
      .contains("nbthread 2")
      .contains("use_backend greeter if { method POST } { path /greeter/say/hello }")
      .contains("http-request set-path /")
      .contains("http-request set-header Micro-Service greeter")
      .contains("http-request set-header Micro-Endpoint Say.Hello")
      .contains("http-reuse always")
      .contains("server greeter 127.0.0.1:9000");
    assertThat(config.lines().filter(line -> line.trim().startsWith("bind"))).hasSize(1);
  }

  @Test
  void haproxyAcceptsTheConfigWhereItIsInstalled(@TempDir Path directory) throws Exception {
    Tools.require("haproxy");
    Path conf = directory.resolve("haproxy.cfg");
    Files.writeString(conf, Haproxy.config("127.0.0.1:9000", 2, 8123));

    Process check = new ProcessBuilder("haproxy", "-c", "-f", conf.toString()).redirectErrorStream(true).start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(out).isZero();
  }

  @Test
  void aRequestThroughItReachesTheUpstreamAsTheGreeterWire(@TempDir Path directory) throws Exception {
    Tools.require("haproxy");
    try (StandInGreeter greeter = new StandInGreeter();
         PeerProcess haproxy = Haproxy.start(directory, greeter.address(), 1)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + haproxy.port() + Routes.PATH))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(StandInGreeter.REPLY);
      assertThat(greeter.seen).containsExactly("POST / greeter Say.Hello");
      assertThat(Haproxy.version()).matches("haproxy \\d+\\.\\d+(\\.\\d+)?");
    }
  }
}
