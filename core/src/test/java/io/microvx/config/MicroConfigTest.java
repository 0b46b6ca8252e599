package io.microvx.config;

import io.microvx.server.ServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroConfigTest {

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfFile() {
    JsonObject conf = new JsonObject().put("server_name", "from-conf").put("registry", "memory").put("client_retries", 3);
    Map<String, String> env = Map.of("MICRO_SERVER_NAME", "from-env", "MICRO_REGISTER_TTL", "90", "PATH", "/bin");
    List<String> flags = List.of("--server_name=from-flags", "--client-request-timeout", "250ms", "--verbose");

    JsonObject merged = MicroConfig.load(conf, env, flags);
    assertThat(merged.getString("server_name")).isEqualTo("from-flags");
    assertThat(merged.getString("register_ttl")).isEqualTo("90");
    assertThat(merged.getInteger("client_retries")).isEqualTo(3);
    assertThat(merged.getString("client_request_timeout")).isEqualTo("250ms");
    assertThat(merged.getString("verbose")).isEqualTo("true");
    assertThat(merged.containsKey("path")).isFalse();

    MicroOptions options = new MicroOptions(merged);
    assertThat(options.getServer().getName()).isEqualTo("from-flags");
    assertThat(options.getServer().getRegisterTtl()).isEqualTo(Duration.ofSeconds(90));
    assertThat(options.getClient().getRequestTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(options.getClient().getRetries()).isEqualTo(3);
  }

  @Test
  void strayArgumentsAreRefused() {
    assertThatThrownBy(() -> MicroConfig.fromFlags(List.of("greeter")))
      .hasMessageContaining("unexpected argument \"greeter\"");
  }

  @Test
  void durationsReadGoStringsAndSeconds() {
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse(60)).isEqualTo(Duration.ofSeconds(60));
    assertThat(Durations.parse("0.5")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("invalid duration \"5 minutes\"");
    assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("1m0s");
    assertThat(Durations.format(Duration.ofMillis(5000))).isEqualTo("5s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofMinutes(61))).isEqualTo("1h1m0s");
  }

  @Test
  void optionsRoundTripThroughJson() {
    MicroOptions options = new MicroOptions(new JsonObject()
      .put("server_name", "greeter")
      .put("server_metadata", "team=core,tier=1")
      .put("selector_strategy", "roundrobin")
      .put("etcd_prefix", "/mine"));
    MicroOptions copy = new MicroOptions(options.toJson());
    assertThat(copy.getServer().getMetadata()).containsEntry("team", "core").containsEntry("tier", "1");
    assertThat(copy.getSelection().getStrategy()).isEqualTo("roundrobin");
    assertThat(copy.toJson().getString("etcd_prefix")).as("plugin keys kept").isEqualTo("/mine");
    assertThat(new ServerOptions(new ServerOptions().setName("x").toJson()).getName()).isEqualTo("x");
  }

  @Test
  void badValuesSayWhichOption() {
    assertThatThrownBy(() -> new MicroOptions(new JsonObject().put("client_retries", "-1")))
      .hasMessageContaining("client_retries");
    assertThatThrownBy(() -> new MicroOptions(new JsonObject().put("selector_strategy", "fastest")))
      .hasMessageContaining("unknown selector strategy");
    assertThatThrownBy(() -> new MicroOptions(new JsonObject().put("server_metadata", "novalue")))
      .hasMessageContaining("server_metadata");
  }
}
