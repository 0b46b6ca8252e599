package io.microvx.bench.rpc;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.load.LoadDriver;

import java.time.Duration;

/**
 * One RPC system alone under the scenario's load, for a profiler to watch (scripts/bench --profile starts
 * it under a flight recording): {@code RpcProfile micro|vertx-raw|grpc-java [seconds]}.
 */
public final class RpcProfile {

  private RpcProfile() {
  }

  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "micro";
    Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 20);
    try (RpcSystem system = switch (name) {
      case "micro" -> MicroRpc.start();
      case "vertx-raw" -> VertxRawRpc.start();
      case "grpc-java" -> GrpcRpc.start();
      default -> throw new IllegalArgumentException("unknown system " + name + ": micro, vertx-raw or grpc-java");
    }) {
      system.callOnce();
      Measurement m = LoadDriver.run(system, BenchOptions.DEFAULT_CONCURRENCY, duration);
      System.out.printf("%s: %.0f calls/s, p50 %.2f ms, p99 %.2f ms, %.1f CPU µs per call, %d failed%n", name, m.value(),
        m.p50Ms(), m.p99Ms(), m.cpuMicrosPerOp(), m.failures());
    }
    System.exit(0);
  }
}
