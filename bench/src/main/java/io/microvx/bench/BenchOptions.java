package io.microvx.bench;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often the scenarios measure. Three presets: {@link #full()} (the figures that go in
 * the docs), {@link #quick()} (a sanity check of under two minutes) and {@link #smoke()} (about a second a
 * scenario, for the test that keeps the code from rotting). JSON keys are the snake-case field names.
 */
public class BenchOptions {

  public static final int DEFAULT_CONCURRENCY = 64;

  private String mode = "full";
  private int concurrency = DEFAULT_CONCURRENCY;
  private Duration warmup = Duration.ofSeconds(5);
  private Duration duration = Duration.ofMillis(2500);
  private int repetitions = 5;
  private Duration idle = Duration.ofSeconds(2);
  private int jmhForks = 1;
  private int jmhWarmupIterations = 2;
  private int jmhIterations = 2;
  // 250 ms still holds millions of picks per iteration; 500 ms made the selector's 50 forks the longest
  // part of the full run (200 s of its 10 minutes once the gateway and broker scenarios came in)
  private Duration jmhIterationTime = Duration.ofMillis(250);
  private String classPath = System.getProperty("java.class.path");
  private int brokerMessageBytes;

  public BenchOptions() {
  }

  public BenchOptions(BenchOptions other) {
    this.mode = other.mode;
    this.concurrency = other.concurrency;
    this.warmup = other.warmup;
    this.duration = other.duration;
    this.repetitions = other.repetitions;
    this.idle = other.idle;
    this.jmhForks = other.jmhForks;
    this.jmhWarmupIterations = other.jmhWarmupIterations;
    this.jmhIterations = other.jmhIterations;
    this.jmhIterationTime = other.jmhIterationTime;
    this.classPath = other.classPath;
    this.brokerMessageBytes = other.brokerMessageBytes;
  }

  public BenchOptions(JsonObject json) {
    this();
    mode = json.getString("mode", mode);
    setConcurrency(json.getInteger("concurrency", concurrency));
    if (json.containsKey("warmup")) {
      setWarmup(Durations.parse(json.getValue("warmup")));
    }
    if (json.containsKey("duration")) {
      setDuration(Durations.parse(json.getValue("duration")));
    }
    setRepetitions(json.getInteger("repetitions", repetitions));
    if (json.containsKey("idle")) {
      setIdle(Durations.parse(json.getValue("idle")));
    }
    setJmhForks(json.getInteger("jmh_forks", jmhForks));
    setJmhWarmupIterations(json.getInteger("jmh_warmup_iterations", jmhWarmupIterations));
    setJmhIterations(json.getInteger("jmh_iterations", jmhIterations));
    if (json.containsKey("jmh_iteration_time")) {
      setJmhIterationTime(Durations.parse(json.getValue("jmh_iteration_time")));
    }
    if (json.containsKey("class_path")) {
      setClassPath(json.getString("class_path"));
    }
    setBrokerMessageBytes(json.getInteger("broker_message_bytes", brokerMessageBytes));
  }

  /**
   * The run whose figures go in the docs: 5 s warm-up per system, 2.5 s runs (3 s under wrk, which counts
   * whole seconds), 5 repetitions, forked JMH (the gateways on the JVM warm up for at least 15 s); 2.5 s
   * rather than 3 kept the run under 12 minutes on a slow day. Runs of 5 s after 10 s, with nine scenarios,
   * made the full run take 14 to 20 minutes; a first repetition still warming up (ours has more code for
   * the JIT than a raw peer) is one of five, which the median leaves out.
   */
  public static BenchOptions full() {
    return new BenchOptions();
  }

  /** A sanity check: everything runs, briefly (under three minutes in all), figures are rough. */
  public static BenchOptions quick() {
    return new BenchOptions().setMode("quick")
      .setWarmup(Duration.ofSeconds(1)).setDuration(Duration.ofSeconds(1)).setRepetitions(3)
      .setIdle(Duration.ofMillis(500))
      .setJmhForks(0).setJmhWarmupIterations(1).setJmhIterations(1).setJmhIterationTime(Duration.ofMillis(200));
  }

  /** About a second per scenario: proves the code runs, says nothing about speed. */
  public static BenchOptions smoke() {
    return new BenchOptions().setMode("smoke")
      .setWarmup(Duration.ofMillis(300)).setDuration(Duration.ofMillis(500)).setRepetitions(1)
      .setIdle(Duration.ofMillis(100))
      .setJmhForks(0).setJmhWarmupIterations(1).setJmhIterations(1).setJmhIterationTime(Duration.ofMillis(50));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("mode", mode)
      .put("concurrency", concurrency)
      .put("warmup", Durations.format(warmup))
      .put("duration", Durations.format(duration))
      .put("repetitions", repetitions)
      .put("idle", Durations.format(idle))
      .put("jmh_forks", jmhForks)
      .put("jmh_warmup_iterations", jmhWarmupIterations)
      .put("jmh_iterations", jmhIterations)
      .put("jmh_iteration_time", Durations.format(jmhIterationTime))
      .put("broker_message_bytes", brokerMessageBytes);
  }

  public String getMode() {
    return mode;
  }

  /** {@code full}, {@code quick} or {@code smoke}: written in the report. */
  public BenchOptions setMode(String mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  public int getConcurrency() {
    return concurrency;
  }

  /** Calls kept in flight by the load scenarios. */
  public BenchOptions setConcurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    this.concurrency = concurrency;
    return this;
  }

  public Duration getWarmup() {
    return warmup;
  }

  /** Unmeasured load on each system before its first measured run. */
  public BenchOptions setWarmup(Duration warmup) {
    this.warmup = positive(warmup, "warmup");
    return this;
  }

  public Duration getDuration() {
    return duration;
  }

  /** One measured run of one system. */
  public BenchOptions setDuration(Duration duration) {
    this.duration = positive(duration, "duration");
    return this;
  }

  public int getRepetitions() {
    return repetitions;
  }

  /** Measured runs per system, interleaved ours, peer, ours, peer, …; the report shows medians. */
  public BenchOptions setRepetitions(int repetitions) {
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be at least 1: " + repetitions);
    }
    this.repetitions = repetitions;
    return this;
  }

  public Duration getIdle() {
    return idle;
  }

  /** How long a started process idles before its RSS is read. */
  public BenchOptions setIdle(Duration idle) {
    this.idle = positive(idle, "idle");
    return this;
  }

  public int getJmhForks() {
    return jmhForks;
  }

  /** JMH forks per benchmark (each holds every repetition); 0 runs in this JVM (quick and smoke only: profiles mix). */
  public BenchOptions setJmhForks(int jmhForks) {
    if (jmhForks < 0) {
      throw new IllegalArgumentException("jmh_forks must not be negative: " + jmhForks);
    }
    this.jmhForks = jmhForks;
    return this;
  }

  public int getJmhWarmupIterations() {
    return jmhWarmupIterations;
  }

  public BenchOptions setJmhWarmupIterations(int jmhWarmupIterations) {
    if (jmhWarmupIterations < 0) {
      throw new IllegalArgumentException("jmh_warmup_iterations must not be negative: " + jmhWarmupIterations);
    }
    this.jmhWarmupIterations = jmhWarmupIterations;
    return this;
  }

  public int getJmhIterations() {
    return jmhIterations;
  }

  /** How many JMH iterations long one repetition's measurement is (it is one iteration that long). */
  public BenchOptions setJmhIterations(int jmhIterations) {
    if (jmhIterations < 1) {
      throw new IllegalArgumentException("jmh_iterations must be at least 1: " + jmhIterations);
    }
    this.jmhIterations = jmhIterations;
    return this;
  }

  public Duration getJmhIterationTime() {
    return jmhIterationTime;
  }

  public BenchOptions setJmhIterationTime(Duration jmhIterationTime) {
    this.jmhIterationTime = positive(jmhIterationTime, "jmh_iteration_time");
    return this;
  }

  public String getClassPath() {
    return classPath;
  }

  /** The class path of the processes the start-up scenario starts: this JVM's by default (bench.jar). */
  public BenchOptions setClassPath(String classPath) {
    this.classPath = Objects.requireNonNull(classPath, "class_path");
    return this;
  }

  public int getBrokerMessageBytes() {
    return brokerMessageBytes;
  }

  /**
   * The size of the broker scenario's messages: 0 (the default) sends the same JSON sample (about 110 bytes)
   * as every scenario; a larger size pads that JSON to it (issue figures such as "1 KiB messages").
   */
  public BenchOptions setBrokerMessageBytes(int brokerMessageBytes) {
    if (brokerMessageBytes < 0 || brokerMessageBytes > 1024 * 1024) {
      throw new IllegalArgumentException("broker_message_bytes must be 0 to 1048576: " + brokerMessageBytes);
    }
    this.brokerMessageBytes = brokerMessageBytes;
    return this;
  }

  private static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }
}
