package io.microvx.bench.startup;

import io.microvx.bench.BenchOptions;
import io.microvx.bench.Measurement;
import io.microvx.bench.Result;
import io.microvx.bench.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 5, {@code start-up}: a new JVM running the example greeter through Vert.x's launcher, from
 * process start until the greeter is listening and registered, and its resident memory after idling;
 * against a bare Vert.x HTTP server verticle started the same way from the same jar. Lower is better
 * here, so a ratio (ours / peer) above 1 means we are slower or bigger.
 */
public class StartupScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(StartupScenario.class);

  static final String GREETER = "io.microvx.examples.greeter.GreeterVerticle";

  @Override
  public String name() {
    return "start-up";
  }

  @Override
  public String description() {
    return "JVM start → greeter registered, and idle RSS, vs a bare Vert.x HTTP server verticle";
  }

  @Override
  public List<Result> run(BenchOptions options) throws Exception {
    List<String> greeter = List.of(GREETER, "-conf",
      // one process on its own: the memory registry and broker, as micro server's services would not be
      "{\"server_address\":\"127.0.0.1:0\",\"registry\":\"memory\",\"broker\":\"memory\"}");
    List<String> bare = List.of(BareHttpVerticle.class.getName(), "-conf", "{\"host\":\"127.0.0.1\",\"port\":0}");
    // one untimed start of each first: the very first start reads the jar from disk
    launch(options, greeter).close();
    launch(options, bare).close();
    List<Measurement> oursStart = new ArrayList<>();
    List<Measurement> peerStart = new ArrayList<>();
    List<Measurement> oursRss = new ArrayList<>();
    List<Measurement> peerRss = new ArrayList<>();
    for (int rep = 1; rep <= options.getRepetitions(); rep++) {
      measure(options, greeter, oursStart, oursRss, "greeter", rep);
      measure(options, bare, peerStart, peerRss, "vertx-bare", rep);
    }
    String note = "separate `java` processes, default JVM flags, same class path; idle " + options.getIdle().toMillis()
      + " ms before RSS; lower is better";
    List<Result> results = new ArrayList<>();
    results.add(Result.of(name(), "vertx-bare", "ms", oursStart, peerStart).withNote(note));
    if (!oursRss.isEmpty() && !peerRss.isEmpty()) {
      results.add(Result.of(name() + "-rss", "vertx-bare", "MiB", oursRss, peerRss).withNote(note));
    }
    return results;
  }

  private static void measure(BenchOptions options, List<String> args, List<Measurement> starts, List<Measurement> rss,
                              String label, int rep) throws Exception {
    try (ChildJvm child = launch(options, args)) {
      starts.add(Measurement.of(child.startMillis()));
      Thread.sleep(options.getIdle().toMillis());
      Double mib = child.rssMib();
      if (mib != null) {
        rss.add(Measurement.of(mib));
      }
      log.info("start-up run {}/{} {}: {} ms, RSS {} MiB", rep, options.getRepetitions(), label,
        Math.round(child.startMillis()), mib == null ? "?" : String.format("%.1f", mib));
    }
  }

  private static ChildJvm launch(BenchOptions options, List<String> args) throws Exception {
    return ChildJvm.start(options.getClassPath(), StartupMain.class.getName(), args, StartupMain.READY);
  }
}
