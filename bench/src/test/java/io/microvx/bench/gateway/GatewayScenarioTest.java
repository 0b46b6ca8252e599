package io.microvx.bench.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayScenarioTest {

  private static GatewayScenario.Route route(String name) {
    return new GatewayScenario.Route(name, new Wrk.Request("http://127.0.0.1:1/", "{}", Map.of()), List.of());
  }

  @Test
  void theGatewayWarmsUpLongestAndTheOthersBriefly() {
    assertThat(GatewayScenario.warmup(route("gateway"), Duration.ofSeconds(5))).as("full").hasSeconds(15);
    assertThat(GatewayScenario.warmup(route("spring-cloud-gateway"), Duration.ofSeconds(5))).hasSeconds(15);
    assertThat(GatewayScenario.warmup(route("gateway"), Duration.ofSeconds(1))).as("quick").hasSeconds(3);
    assertThat(GatewayScenario.warmup(route("gateway"), Duration.ofSeconds(20))).hasSeconds(20);
    assertThat(GatewayScenario.warmup(route("direct"), Duration.ofSeconds(10))).hasSeconds(3);
    assertThat(GatewayScenario.warmup(route("nginx"), Duration.ofSeconds(2))).hasSeconds(2);
  }

  @Test
  void needsWrkNginxAndHaproxy() {
    assertThat(new GatewayScenario().tools()).containsExactly("wrk", "nginx", "haproxy");
    assertThat(new GatewayScenario().unavailable()).isNull();
  }
}
