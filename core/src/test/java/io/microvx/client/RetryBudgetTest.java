package io.microvx.client;

import io.microvx.config.MicroConfig;
import io.microvx.config.MicroOptions;
import io.microvx.errors.MicroException;
import io.microvx.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry budget, on a clock the test moves by hand: no result depends on the machine's speed. */
class RetryBudgetTest {

  private static final int CALLS = 1000;
  private static final int RETRIES = 2;

  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** Every node answers 503, as an overloaded service does. */
  private final StubNodes overloaded = new StubNodes(3, (address, n) -> StubNodes.error(503));

  private Client client(RetryBudgetOptions budget) {
    return Client.builder(vertx)
      .selector(overloaded.selector())
      .transport(overloaded.transport())
      .options(new ClientOptions().setRetries(RETRIES).setRetryBudget(budget))
      .backoff(Backoff.none())
      .clock(now::get)
      .build();
  }

  private static MicroException fail(Client client) {
    Throwable failure = Await.failure(client.call("greeter", "Say.Hello", Buffer.buffer("{}"), Buffer.class));
    assertThat(failure).isInstanceOf(MicroException.class);
    return (MicroException) failure;
  }

  @Test
  void underAnOverloadTheBudgetCapsRetriesWhereTheyWouldTripleTheLoad() {
    Client budgeted = client(new RetryBudgetOptions());
    for (int i = 0; i < CALLS; i++) {
      assertThat(fail(budgeted).code()).as("the attempt's own failure").isEqualTo(503);
    }
    int withBudget = overloaded.total();
    ClientStats stats = budgeted.stats();

    overloaded.requests.clear();
    Client unbudgeted = client(new RetryBudgetOptions().setEnabled(false));
    for (int i = 0; i < CALLS; i++) {
      assertThat(fail(unbudgeted).code()).isEqualTo(503);
    }
    int withoutBudget = overloaded.total();

    System.out.printf("retry budget: %d calls, %d retries each: %d attempts with the budget, %d without (%s)%n",
      CALLS, RETRIES, withBudget, withoutBudget, stats);
    // 20 % of the calls plus the reserve of 10/s over the 10 s window
    assertThat(withBudget).isLessThanOrEqualTo(CALLS * 12 / 10 + 10 * 10).isGreaterThanOrEqualTo(CALLS * 12 / 10);
    assertThat(withoutBudget).isEqualTo(CALLS * (1 + RETRIES));
    assertThat(stats.retries()).isEqualTo(withBudget - CALLS);
    // each call is refused at most once (a refused call stops): all but the first fifty or so, which the reserve served
    assertThat(stats.retriesRefused()).isBetween((long) CALLS - 100, (long) CALLS);
    assertThat(unbudgeted.stats().retries()).isEqualTo((long) CALLS * RETRIES);
    assertThat(unbudgeted.stats().retriesRefused()).isZero();
  }

  @Test
  void aQuietClientMayRetryAndTheBudgetRefillsAsTheWindowMoves() {
    Client client = client(new RetryBudgetOptions().setPercent(0).setMinPerSecond(1).setWindow(Duration.ofSeconds(4)));
    // a reserve of 1/s × 4 s: the first two calls retry twice each, the third gets none
    fail(client);
    fail(client);
    assertThat(overloaded.total()).isEqualTo(6);
    fail(client);
    assertThat(overloaded.total()).as("refused: the first failure comes back at once").isEqualTo(7);
    assertThat(client.stats().retriesRefused()).isEqualTo(1);

    now.addAndGet(Duration.ofMillis(3999).toNanos());
    fail(client);
    assertThat(overloaded.total()).as("the withdrawals still count before the window passed").isEqualTo(8);

    now.addAndGet(Duration.ofMillis(1).toNanos());
    fail(client);
    assertThat(overloaded.total()).as("a window later the reserve is whole again").isEqualTo(11);
  }

  @Test
  void streamOpensSpendTheSameBudget() {
    Client client = client(new RetryBudgetOptions().setPercent(0).setMinPerSecond(1).setWindow(Duration.ofSeconds(2)));
    Await.failure(client.stream("greeter", "Say.Stream", Buffer.class, new CallOptions()));
    assertThat(overloaded.streams.get()).as("two retries from the reserve").isEqualTo(3);
    Await.failure(client.stream("greeter", "Say.Stream", Buffer.class, new CallOptions()));
    assertThat(overloaded.streams.get()).as("none left").isEqualTo(4);
    assertThat(client.stats().retries()).isEqualTo(2);
    assertThat(client.stats().retriesRefused()).isEqualTo(1);
  }

  @Test
  void aBudgetOfNothingRetriesNothingAndARetryThatSucceedsSpendsOne() {
    RetryBudget budget = RetryBudget.create(new RetryBudgetOptions().setPercent(50).setMinPerSecond(0), now::get);
    assertThat(budget.tryWithdraw()).isFalse();
    budget.deposit();
    assertThat(budget.balance()).isZero();
    budget.deposit();
    assertThat(budget.balance()).isEqualTo(1);
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isFalse();
    assertThat(RetryBudget.create(new RetryBudgetOptions().setEnabled(false)).tryWithdraw()).isTrue();
  }

  @Test
  void environmentVariablesAndFlagsReachTheClientAndTheSelector() {
    MicroOptions options = new MicroOptions(MicroConfig.load(null,
      Map.of("MICRO_CLIENT_RETRY_BUDGET_PERCENT", "5", "MICRO_CLIENT_HEDGE_ENDPOINTS", "greeter/Say.Hello"),
      List.of("--client_retry_budget=false", "--selector_strategy=peak_ewma")));
    assertThat(options.getClient().getRetryBudget().getPercent()).isEqualTo(5);
    assertThat(options.getClient().getRetryBudget().isEnabled()).isFalse();
    assertThat(options.getClient().getHedge().getEndpoints()).containsExactly("greeter/Say.Hello");
    assertThat(options.getSelection().getStrategy()).isEqualTo("peak_ewma");
  }

  @Test
  void optionsReadAndWriteTheirFlatKeys() {
    ClientOptions options = new ClientOptions(new JsonObject()
      .put("client_retry_budget", "false")
      .put("client_retry_budget_percent", "35")
      .put("client_retry_budget_window", "30s")
      .put("client_retry_budget_min_per_second", 3));
    RetryBudgetOptions budget = options.getRetryBudget();
    assertThat(budget.isEnabled()).isFalse();
    assertThat(budget.getPercent()).isEqualTo(35);
    assertThat(budget.getWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(budget.getMinPerSecond()).isEqualTo(3);
    JsonObject json = new ClientOptions(options).toJson();
    assertThat(new RetryBudgetOptions(json).toJson()).isEqualTo(budget.toJson());
    assertThat(new ClientOptions().getRetryBudget().toJson()).isEqualTo(new JsonObject()
      .put("client_retry_budget", true).put("client_retry_budget_percent", 20)
      .put("client_retry_budget_window", "10s").put("client_retry_budget_min_per_second", 10));
  }
}
