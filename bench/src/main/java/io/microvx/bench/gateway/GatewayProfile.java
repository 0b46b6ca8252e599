package io.microvx.bench.gateway;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.startup.ChildJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway scenario's gateway alone under wrk, for a profiler (scripts/bench --profile gateway): a greeter
 * and a gateway process as in the scenario, the gateway's JVM flight-recording {@code seconds} after a
 * warm-up as long (10 s at most). {@code GatewayProfile <seconds> <recording.jfr> <settings.jfc>}.
 */
public final class GatewayProfile {

  private static final long MAX_WARMUP_SECONDS = 10;

  private GatewayProfile() {
  }

  public static void main(String[] args) throws Exception {
    long seconds = Long.parseLong(args[0]);
    long warmup = Math.min(seconds, MAX_WARMUP_SECONDS);
    String recording = "-XX:StartFlightRecording=delay=" + warmup + "s,duration=" + seconds + "s,filename="
      + Path.of(args[1]).toAbsolutePath() + ",settings=" + Path.of(args[2]).toAbsolutePath();
    String instances = Integer.toString(Runtime.getRuntime().availableProcessors());
    String classPath = new BenchOptions().getClassPath();
    Path directory = Files.createTempDirectory("microvx-bench-profile-");
    try (ChildJvm greeter = ChildJvm.start(classPath, GatewayChild.class.getName(), List.of("greeter", instances),
           GatewayChild.READY);
         ChildJvm gateway = ChildJvm.start(List.of("-XX:+FlightRecorder", recording), classPath,
           GatewayChild.class.getName(), List.of("gateway", instances, GatewayScenario.address(greeter)),
           GatewayChild.READY)) {
      Wrk.Request request = new Wrk.Request("http://" + GatewayScenario.address(gateway) + Routes.PATH, Routes.BODY,
        Map.of("Content-Type", "application/json"));
      Wrk wrk = new Wrk(directory);
      wrk.checkedRun(request, Routes.REPLY, BenchOptions.DEFAULT_CONCURRENCY, Duration.ofSeconds(warmup));
      // a second past the recording's end, so it ends under load
      Measurement m = wrk.checkedRun(request, Routes.REPLY, BenchOptions.DEFAULT_CONCURRENCY,
        Duration.ofSeconds(seconds + 1));
      System.out.printf("gateway: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d failed%n", m.value(), m.p50Ms(), m.p99Ms(),
        m.failures());
    } finally {
      GatewayScenario.delete(directory);
    }
    System.exit(0);
  }
}
