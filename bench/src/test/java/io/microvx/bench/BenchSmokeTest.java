package io.microvx.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.microvx.testing.Ci;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs every scenario this build can run for about a second each, so the benchmarks cannot rot. It checks
 * that the results are well formed, never how fast anything is: timings belong in {@code scripts/bench}.
 * Scenarios needing commands (the gateway scenario: {@code wrk}, {@code nginx}, {@code haproxy}) run where those are on the
 * PATH and must be reported as not run where they are not; under {@code CI=true} they must be there.
 */
class BenchSmokeTest {

  @Test
  void everyAvailableScenarioRunsAndReportsWellFormedResults(@TempDir Path out) throws Exception {
    if (io.microvx.testing.Ci.isCi()) {
      Scenario.byName("gateway").tools().forEach(Tools::require);
      assertThat(Scenario.byName("nats").unavailable()).as("under CI scripts/test starts nats-server").isNull();
      assertThat(Scenario.byName("rabbitmq").unavailable()).as("under CI scripts/test starts RabbitMQ").isNull();
      assertThat(Scenario.byName("kafka").unavailable()).as("under CI scripts/test starts Kafka").isNull();
    }
    List<Scenario> scenarios = Scenario.all();
    assertThat(scenarios).extracting(Scenario::name).contains("rpc-http", "gateway", "selector", "broker", "start-up", "nats", "rabbitmq", "kafka");

    Report report = Bench.run(BenchOptions.smoke(), scenarios);

    assertThat(report.anyFailed()).as("failed scenarios: %s", report.notRun()).isFalse();
    for (Scenario scenario : scenarios) {
      boolean measured = report.results().stream().anyMatch(r -> r.scenario().startsWith(scenario.name()));
      boolean runnable = scenario.unavailable() == null && scenario.tools().stream().allMatch(Bench::onPath);
      assertThat(measured).as("%s measured (or reported why not)", scenario.name()).isEqualTo(runnable);
      if (!runnable) {
        assertThat(report.notRun()).as("%s reported as not run", scenario.name())
          .anySatisfy(n -> assertThat(n.scenario()).isEqualTo(scenario.name()));
      }
    }
    assertThat(report.results()).extracting(r -> r.scenario() + " vs " + r.peer()).contains(
      "rpc-http vs vertx-raw", "rpc-http vs grpc-java", "rpc-http vs micro-unmetered",
      "rpc-http/traced-0 vs micro", "rpc-http/traced-1pct vs micro",
      "selector/random vs vertx-random", "selector/roundrobin vs vertx-round-robin",
      "selector/least_requests vs vertx-least-requests", "selector/p2c vs vertx-power-of-two-choices",
      "selector/hashed vs vertx-consistent-hashing",
      "broker/memory vs vertx-post", "broker/http vs vertx-post",
      "start-up vs vertx-bare");
    if (Scenario.byName("nats").unavailable() == null) {
      assertThat(report.results()).extracting(r -> r.scenario() + " vs " + r.peer())
        .contains("nats/broker vs jnats-raw", "nats/rpc vs rpc-http");
    }
    if (Scenario.byName("rabbitmq").unavailable() == null) {
      assertThat(report.results()).extracting(r -> r.scenario() + " vs " + r.peer())
        .contains("rabbitmq/broker vs amqp-client-raw", "rabbitmq/rpc vs rpc-http");
    }
    if (Scenario.byName("kafka").unavailable() == null) {
      assertThat(report.results()).extracting(r -> r.scenario() + " vs " + r.peer()).contains("kafka/broker vs kafka-raw");
    }
    if (Scenario.byName("gateway").tools().stream().allMatch(Bench::onPath)) {
      assertThat(report.results()).extracting(r -> r.scenario() + " vs " + r.peer())
        .contains("gateway vs direct", "gateway vs nginx", "nginx vs direct", "gateway vs haproxy", "haproxy vs direct");
      // scripts/test builds the Spring Cloud Gateway peer; a dev machine may not have
      if (Ci.isCi() || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(System.getProperty("bench.scg.jar", "-")))) {
        assertThat(report.results()).extracting(r -> r.scenario() + " vs " + r.peer())
          .contains("gateway vs spring-cloud-gateway", "spring-cloud-gateway vs direct");
      }
    }
    for (Result r : report.results()) {
      assertThat(r.ours()).as("%s ours", r.scenario()).isPositive();
      assertThat(r.peerValue()).as("%s peer", r.scenario()).isPositive();
      assertThat(r.ratio()).as("%s ratio", r.scenario()).isCloseTo(r.ours() / r.peerValue(), within(1e-9));
      if (r.scenario().equals("rpc-http") || r.scenario().equals("gateway")) {
        assertThat(List.of(r.oursP50(), r.oursP99(), r.peerP50(), r.peerP99())).doesNotContainNull();
        assertThat(r.oursP99()).isGreaterThanOrEqualTo(r.oursP50());
        assertThat(r.met()).isNotNull();
      }
    }

    report.write(out);
    JsonObject json = new JsonObject(Files.readString(out.resolve("latest.json")));
    JsonArray entries = json.getJsonArray("scenarios");
    assertThat(json.fieldNames()).containsExactly("scenarios");
    assertThat(entries).hasSameSizeAs(report.results());
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      assertThat(entry.fieldNames()).containsExactlyInAnyOrderElementsOf(
        Set.of("scenario", "peer", "ours", "peer_ops", "ratio", "ours_p99_ms", "peer_p99_ms"));
      assertThat(entry.getDouble("ours")).isPositive();
      assertThat(entry.getDouble("peer_ops")).isPositive();
      assertThat(entry.getDouble("ratio")).isPositive();
    }
    String md = Files.readString(out.resolve("latest.md"));
    assertThat(md).contains("| scenario | peer | unit | ours | peer | ratio | ours p50 | ours p99 | peer p50 | peer p99 |")
      .contains("rpc-http").contains("broker");
  }
}
