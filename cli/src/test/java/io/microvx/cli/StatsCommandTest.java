package io.microvx.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatsCommandTest {

  @Test
  void theStaleColumnCountsTheServicesAnsweredFromTheSnapshotAndGivesTheOldestAge() {
    assertThat(StatsCommand.stale(null)).as("a node too old to report it").isEqualTo("-");
    assertThat(StatsCommand.stale(new JsonObject())).as("everything current").isEqualTo("-");
    assertThat(StatsCommand.stale(new JsonObject().put("go.micro.srv.a", 2_000L).put("go.micro.srv.b", 125_000L)))
      .isEqualTo("2 (oldest 2m5s)");
  }

  @Test
  void theClientColumnsCountRetriesAndHedgesWithWhatTheBudgetRefusedAndWhichHedgesWon() {
    assertThat(StatsCommand.retries(null)).as("a node too old to report it").isEqualTo("-");
    assertThat(StatsCommand.retries(new JsonObject().put("retries", 12).put("retriesRefused", 0))).isEqualTo("12");
    assertThat(StatsCommand.retries(new JsonObject().put("retries", 12).put("retriesRefused", 30)))
      .isEqualTo("12 (30 refused)");
    assertThat(StatsCommand.hedges(new JsonObject().put("hedges", 0))).isEqualTo("0");
    assertThat(StatsCommand.hedges(new JsonObject().put("hedges", 7).put("hedgesWon", 5))).isEqualTo("7 (5 won)");
  }
}
