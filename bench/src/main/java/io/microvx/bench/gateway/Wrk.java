package io.microvx.bench.gateway;

import io.microvx.bench.Measurement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} against one HTTP path and reads its report: requests per second, the p50 and p99 of its
 * latency distribution ({@code --latency}), the request count and the failed requests (socket errors and
 * non-2xx replies). The request (method, body, headers) is a Lua script written to the scenario's temp
 * directory. Called from the runner's thread, never an event loop: it waits for {@code wrk} to exit.
 */
final class Wrk {

  private static final Logger log = LoggerFactory.getLogger(Wrk.class);

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    // should the runner be stopped mid-run, the wrk it started must not go on loading a stopped server
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-wrk-reaper"));
  }

  static final int THREADS = 2;

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern COUNT = Pattern.compile("(\\d+) requests in ");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
    Pattern.MULTILINE);
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
    "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final String BAD_REPLY = "microvx-bench: bad reply ";

  /** One path to load: a POST of {@code body} with these headers. */
  record Request(String url, String body, Map<String, String> headers) {
  }

  private final Path directory;

  Wrk(Path directory) {
    this.directory = directory;
  }

  /**
   * Loads the path with {@value #THREADS} threads and {@code connections} keep-alive connections for the
   * duration (wrk counts whole seconds: at least 1) and returns what it measured; CPU per request is left
   * for the caller. Fails when wrk fails, its script does, or it completes no request.
   */
  Measurement run(Request request, int connections, Duration duration) throws IOException, InterruptedException {
    return parse(wrk(script(request, null), request.url(), connections, duration));
  }

  /**
   * Like {@link #run}, and checks every reply on the way: status 200, no {@code Micro-Error} (the greeter's
   * errors are 200s with that header on go-micro's wire) and exactly {@code reply} as the body. wrk counts
   * any 2xx as served, so the measured runs could not tell; a Lua {@code response} function costs wrk time
   * on every reply, so only the unmeasured warm-up carries it.
   */
  Measurement checkedRun(Request request, String reply, int connections, Duration duration)
    throws IOException, InterruptedException {
    String report = wrk(script(request, reply), request.url(), connections, duration);
    int bad = report.indexOf(BAD_REPLY);
    if (bad >= 0) {
      throw new IllegalStateException(request.url() + " answered wrong: "
        + report.substring(bad, report.indexOf('\n', bad) < 0 ? report.length() : report.indexOf('\n', bad)));
    }
    return parse(report);
  }

  private String wrk(Path script, String url, int connections, Duration duration)
    throws IOException, InterruptedException {
    long seconds = seconds(duration);
    Path output = Files.createTempFile(directory, "wrk-", ".out");
    List<String> command = List.of("wrk", "-t" + THREADS, "-c" + Math.max(THREADS, connections), "-d" + seconds + "s",
      "--timeout", "10s", "--latency", "-s", script.toString(), url);
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    LIVE.add(wrk);
    try {
      if (!wrk.waitFor(seconds + 30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("wrk did not finish within " + (seconds + 30) + " s: " + command);
      }
      String report = Files.readString(output);
      // a broken script is reported per thread before "Running", and wrk goes on with a plain GET
      int running = report.indexOf("Running ");
      if (wrk.exitValue() != 0 || running < 0 || !report.substring(0, running).isBlank()) {
        throw new IllegalStateException("wrk failed (exit " + wrk.exitValue() + "): " + command + "\n" + report);
      }
      long failures = parse(report).failures();
      if (failures > 0) {
        log.warn("wrk {}: {} requests failed:\n{}", url, failures, report);
      }
      return report;
    } finally {
      wrk.destroyForcibly();
      LIVE.remove(wrk);
      Files.deleteIfExists(output);
      Files.deleteIfExists(script);
    }
  }

  /** Whole seconds for wrk's {@code -d}, rounded up, at least 1. */
  static long seconds(Duration duration) {
    return Math.max(1, (duration.toMillis() + 999) / 1000);
  }

  /** wrk's report as a measurement (value: requests per second; latencies in ms). */
  static Measurement parse(String report) {
    double rate = Double.parseDouble(find(RATE, report, "Requests/sec"));
    long count = Long.parseLong(find(COUNT, report, "requests in"));
    Double p50 = null;
    Double p99 = null;
    Matcher percentile = PERCENTILE.matcher(report);
    while (percentile.find()) {
      double ms = millis(Double.parseDouble(percentile.group(2)), percentile.group(3));
      if (percentile.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    long failures = 0;
    Matcher socket = SOCKET_ERRORS.matcher(report);
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        failures += Long.parseLong(socket.group(i));
      }
    }
    Matcher non2xx = NON_2XX.matcher(report);
    if (non2xx.find()) {
      failures += Long.parseLong(non2xx.group(1));
    }
    if (count == 0) {
      throw new IllegalStateException("wrk completed no request:\n" + report);
    }
    return new Measurement(rate, p50, p99, count, failures);
  }

  private static double millis(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1000;
      case "ms" -> value;
      case "s" -> value * 1000;
      case "m" -> value * 60_000;
      default -> throw new IllegalArgumentException("unknown wrk time unit " + unit);
    };
  }

  private static String find(Pattern pattern, String report, String what) {
    Matcher matcher = pattern.matcher(report);
    if (!matcher.find()) {
      throw new IllegalStateException("no \"" + what + "\" in wrk's report:\n" + report);
    }
    return matcher.group(1);
  }

  /** The Lua script that makes every request of a run this POST, and checks the replies if given one. */
  private Path script(Request request, String reply) throws IOException {
    Path script = Files.createTempFile(directory, "wrk-", ".lua");
    Files.writeString(script, lua(request, reply), StandardCharsets.UTF_8);
    return script;
  }

  static String lua(Request request, String reply) {
    StringBuilder lua = new StringBuilder()
      .append("wrk.method = \"POST\"\n")
      .append("wrk.body = ").append(luaString(request.body())).append('\n');
    // spaces inside the brackets: "[[" would open a Lua long string
    request.headers().forEach((name, value) ->
      lua.append("wrk.headers[ ").append(luaString(name)).append(" ] = ").append(luaString(value)).append('\n'));
    if (reply != null) {
      lua.append("response = function(status, headers, body)\n")
        .append("  local err = headers[\"Micro-Error\"] or headers[\"micro-error\"]\n")
        .append("  if status ~= 200 or err or body ~= ").append(luaString(reply)).append(" then\n")
        .append("    print(\"").append(BAD_REPLY).append("\" .. status .. \" \" .. tostring(err) .. \" \" .. body)\n")
        .append("    wrk.thread:stop()\n")
        .append("  end\n")
        .append("end\n");
    }
    return lua.toString();
  }

  /** A Lua long string: no escaping needed as long as the text does not contain its closing bracket. */
  static String luaString(String text) {
    String level = "=";
    while (text.contains("]" + level + "]")) {
      level += "=";
    }
    return String.format(Locale.ROOT, "[%s[%s]%s]", level, text, level);
  }
}
