package io.microvx.bot;

import io.microvx.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Options of the bot, as flat keys ({@code -conf}, {@code MICRO_*} variables, flags): the inputs it listens
 * on ({@code bot_inputs}, comma-separated, e.g. {@code webhook,telegram}); who may run the commands that call
 * services or change the registry ({@code bot_allow}: {@code input:user} entries, comma-separated, e.g.
 * {@code slack:U024BE7LH,xmpp:ada@example.org}; {@code input:#room} allows everyone in a room,
 * {@code input:*} everyone on that input; empty, the default, allows nobody) and who may only call
 * ({@code bot_allow_call}, the same entries); how long a command may take ({@code bot_command_timeout}, 10 s); the longest answer
 * it sends ({@code bot_max_output}, 3000 characters); how many commands one user may send a minute
 * ({@code bot_rate_limit}, 30; 0 for no limit); and the prefix of command services' names
 * ({@code bot_namespace}, {@code go.micro.bot}). Every other key is handed to the inputs as it is
 * ({@code webhook_token}, {@code telegram_token}, …).
 */
public class BotOptions {

  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_OUTPUT = 3000;
  public static final int DEFAULT_RATE_LIMIT = 30;
  public static final String DEFAULT_NAMESPACE = "go.micro.bot";

  private List<String> inputs = new ArrayList<>();
  private Set<String> allow = new LinkedHashSet<>();
  private Set<String> allowCall = new LinkedHashSet<>();
  private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
  private int maxOutput = DEFAULT_MAX_OUTPUT;
  private int rateLimit = DEFAULT_RATE_LIMIT;
  private String namespace = DEFAULT_NAMESPACE;
  private JsonObject inputOptions = new JsonObject();

  public BotOptions() {
  }

  public BotOptions(BotOptions other) {
    this.inputs = new ArrayList<>(other.inputs);
    this.allow = new LinkedHashSet<>(other.allow);
    this.allowCall = new LinkedHashSet<>(other.allowCall);
    this.commandTimeout = other.commandTimeout;
    this.maxOutput = other.maxOutput;
    this.rateLimit = other.rateLimit;
    this.namespace = other.namespace;
    this.inputOptions = other.inputOptions.copy();
  }

  /** From flat options, where every value may be a string; the whole object is also kept for the inputs. */
  public BotOptions(JsonObject json) {
    setInputs(list(json.getValue("bot_inputs")));
    setAllow(list(json.getValue("bot_allow")));
    setAllowCall(list(json.getValue("bot_allow_call")));
    if (json.getValue("bot_command_timeout") != null) {
      setCommandTimeout(Durations.parse(json.getValue("bot_command_timeout")));
    }
    if (json.getValue("bot_max_output") != null) {
      setMaxOutput(number(json, "bot_max_output"));
    }
    if (json.getValue("bot_rate_limit") != null) {
      setRateLimit(number(json, "bot_rate_limit"));
    }
    if (json.getValue("bot_namespace") != null) {
      setNamespace(String.valueOf(json.getValue("bot_namespace")));
    }
    setInputOptions(json);
  }

  public JsonObject toJson() {
    JsonObject json = inputOptions.copy()
      .put("bot_inputs", String.join(",", inputs))
      .put("bot_allow", String.join(",", allow))
      .put("bot_allow_call", String.join(",", allowCall))
      .put("bot_command_timeout", Durations.format(commandTimeout))
      .put("bot_max_output", maxOutput)
      .put("bot_rate_limit", rateLimit)
      .put("bot_namespace", namespace);
    return json;
  }

  public List<String> getInputs() {
    return List.copyOf(inputs);
  }

  /** The inputs to start, by name. */
  public BotOptions setInputs(List<String> inputs) {
    this.inputs = new ArrayList<>();
    for (String input : inputs) {
      String name = input.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !this.inputs.contains(name)) {
        this.inputs.add(name);
      }
    }
    return this;
  }

  public Set<String> getAllow() {
    return Set.copyOf(allow);
  }

  /**
   * Entries allowed to call services and change the registry: {@code input:user} (a user's id or name),
   * {@code input:#room} (everyone in that room or channel), {@code input:*} (everyone on that input).
   */
  public BotOptions setAllow(List<String> allow) {
    this.allow = entries(allow, "bot_allow");
    return this;
  }

  public Set<String> getAllowCall() {
    return Set.copyOf(allowCall);
  }

  /** Entries (as {@link #setAllow}) allowed to call services, but not to change the registry. */
  public BotOptions setAllowCall(List<String> allowCall) {
    this.allowCall = entries(allowCall, "bot_allow_call");
    return this;
  }

  private static Set<String> entries(List<String> given, String key) {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : given) {
      String value = entry.trim();
      if (value.isEmpty()) {
        continue;
      }
      int colon = value.indexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new IllegalArgumentException(key + " entries are input:user or input:#room, e.g. slack:U024BE7LH, not " + value);
      }
      entries.add(value.substring(0, colon).toLowerCase(Locale.ROOT) + value.substring(colon));
    }
    return entries;
  }

  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  public BotOptions setCommandTimeout(Duration commandTimeout) {
    if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("bot_command_timeout must be positive, e.g. 10s");
    }
    this.commandTimeout = commandTimeout;
    return this;
  }

  public int getMaxOutput() {
    return maxOutput;
  }

  /** The longest answer in characters; longer ones are cut with a note saying how much was left out. */
  public BotOptions setMaxOutput(int maxOutput) {
    if (maxOutput < 100) {
      throw new IllegalArgumentException("bot_max_output must be at least 100 characters, not " + maxOutput);
    }
    this.maxOutput = maxOutput;
    return this;
  }

  public int getRateLimit() {
    return rateLimit;
  }

  /** Commands one user may send per minute (a burst of as many, then one per share of the minute); 0 for no limit. */
  public BotOptions setRateLimit(int rateLimit) {
    if (rateLimit < 0) {
      throw new IllegalArgumentException("bot_rate_limit must be 0 or more, not " + rateLimit);
    }
    this.rateLimit = rateLimit;
    return this;
  }

  public String getNamespace() {
    return namespace;
  }

  /** Services named {@code <namespace>.<command>} add {@code <command>}. */
  public BotOptions setNamespace(String namespace) {
    String value = namespace == null ? "" : namespace.trim();
    if (!value.matches("[A-Za-z0-9]+([.-][A-Za-z0-9]+)*")) {
      throw new IllegalArgumentException("invalid bot_namespace \"" + value + "\": expected e.g. go.micro.bot");
    }
    this.namespace = value;
    return this;
  }

  public JsonObject getInputOptions() {
    return inputOptions.copy();
  }

  /** The flat options handed to the inputs ({@code webhook_token}, {@code telegram_token}, …). */
  public BotOptions setInputOptions(JsonObject inputOptions) {
    this.inputOptions = inputOptions == null ? new JsonObject() : inputOptions.copy();
    return this;
  }

  private static List<String> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof io.vertx.core.json.JsonArray array) {
      List<String> items = new ArrayList<>();
      array.forEach(item -> items.add(String.valueOf(item)));
      return items;
    }
    return List.of(String.valueOf(value).split(","));
  }

  private static int number(JsonObject json, String key) {
    String value = String.valueOf(json.getValue(key)).trim();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number: " + value, e);
    }
  }
}
