package io.microvx.bench.gateway;

import io.microvx.testing.Ci;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring Cloud Gateway peer, from the jar scripts/test builds, in front of a stand-in greeter. */
class SpringCloudGatewayTest {

  @Test
  void aRequestThroughItReachesTheUpstreamAsTheGreeterWire(@TempDir Path directory) throws Exception {
    Ci.require(SpringCloudGateway.unavailable() == null, String.valueOf(SpringCloudGateway.unavailable()));
    try (StandInGreeter greeter = new StandInGreeter();
         PeerProcess gateway = SpringCloudGateway.start(directory, greeter.address())) {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gateway.port() + Routes.PATH))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(StandInGreeter.REPLY);
      assertThat(greeter.seen).containsExactly("POST / greeter Say.Hello");
      // only the route: another path is not forwarded
      HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/other"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(greeter.seen).hasSize(1);
    }
  }
}
