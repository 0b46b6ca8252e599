package io.microvx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayPlotTest {

  private static JsonObject row(String scenario, String peer, double ours, double peerOps, Double oursP99, Double peerP99) {
    return new JsonObject().put("scenario", scenario).put("peer", peer).put("ours", ours).put("peer_ops", peerOps)
      .put("ours_p99_ms", oursP99).put("peer_p99_ms", peerP99);
  }

  private static JsonObject run() {
    return new JsonObject().put("scenarios", new JsonArray()
      .add(row("rpc-http", "vertx-raw", 68_000, 91_000, 2.0, 1.4))
      .add(row("gateway", "direct", 36_000, 123_000, 6.1, 2.9))
      .add(row("gateway", "nginx", 36_000, 74_000, 6.1, 2.6))
      .add(row("gateway", "haproxy", 36_000, 70_000, 6.1, null))
      .add(row("gateway", "spring-cloud-gateway", 36_000, 9_000, 6.1, 30.5)));
  }

  @Test
  void theGatewayRowsGiveOursFirstThenEachPeerWithItsThroughputAndP99() {
    var systems = GatewayPlot.systems(run());
    assertThat(systems.keySet()).containsExactly(GatewayPlot.OURS, "direct", "nginx", "haproxy", "spring-cloud-gateway");
    assertThat(systems.get(GatewayPlot.OURS)).containsExactly(36_000, 6.1);
    assertThat(systems.get("spring-cloud-gateway")).containsExactly(9_000, 30.5);
    assertThat(systems.get("haproxy")).as("a p99 not measured is drawn as 0").containsExactly(70_000, 0);
  }

  @Test
  void thePeersAreNamedAsTheyNameThemselves() {
    assertThat(GatewayPlot.systems(run()).keySet().stream().map(GatewayPlot::label))
      .containsExactly("micro gateway", "direct", "nginx", "HAProxy", "Spring Cloud Gateway");
  }

  @Test
  void theRunsJsonIsDrawnAsTwoChartsSideBySide(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("latest.json");
    Files.writeString(json, run().encodePrettily());
    Path png = dir.resolve("plots").resolve(GatewayPlot.FILE);

    assertThat(GatewayPlot.write(json, png)).isTrue();

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(2 * 760);
    assertThat(image.getHeight()).isEqualTo(380);
    Set<Integer> colours = new HashSet<>();
    for (int x = 0; x < image.getWidth(); x += 7) {
      for (int y = 0; y < image.getHeight(); y += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours).as("something drawn, not a blank image").hasSizeGreaterThan(3);
  }

  @Test
  void aRunWithoutTheGatewayScenarioDrawsNothing(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("latest.json");
    Files.writeString(json, new JsonObject().put("scenarios", new JsonArray(List.of(
      row("rpc-http", "vertx-raw", 68_000, 91_000, 2.0, 1.4)))).encode());
    Path png = dir.resolve(GatewayPlot.FILE);

    assertThat(GatewayPlot.write(json, png)).isFalse();
    assertThat(png).doesNotExist();
  }
}
