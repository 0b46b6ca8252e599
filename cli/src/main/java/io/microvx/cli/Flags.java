package io.microvx.cli;

import io.microvx.bot.BotOptions;
import io.microvx.config.MicroConfig;
import io.microvx.config.MicroOptions;
import io.microvx.gateway.GatewayOptions;
import io.microvx.plugin.Plugin;
import io.microvx.plugin.Plugins;
import io.microvx.proxy.ProxyClientOptions;
import io.microvx.proxy.server.ProxyOptions;
import io.microvx.web.WebDashboardOptions;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The free-form flags of {@code micro server}, {@code api}, {@code web} and {@code proxy} (the options
 * of the parts they run, {@code --cors_allowed_origins=...}): each must be one some part reads, or the
 * command stops with the closest known flag, so a typo such as {@code --auth_requred} never starts an
 * open gateway.
 */
final class Flags {

  /** Keys the options classes leave out of their JSON while unset (credentials, files, addresses). */
  private static final Set<String> UNSET_KEYS = Set.of("auth_jwt_secret", "auth_jwt_public_key", "auth_jwt_issuer",
    "web_auth_token", "web_auth_user", "web_auth_password", "registry_address", "broker_address", "proxy_token",
    "cluster", "cluster_host", "cluster_port", "cluster_members", "cluster_name",
    "api_tls_cert", "api_tls_key", "web_tls_cert", "web_tls_key", "proxy_tls_cert", "proxy_tls_key", "proxy_tls_ca",
    "rate_client_header", "server_id", "server_version", "server_advertise", "broker_advertise",
    "metrics_address", "metrics_token", "registry_cache_snapshot");

  /** The bot's inputs' keys ({@code micro server --bot}); their options classes need their credentials. */
  private static final Set<String> BOT_INPUT_KEYS = Set.of("webhook_address", "webhook_path", "webhook_token",
    "webhook_url", "telegram_token", "telegram_api", "telegram_poll_timeout", "slack_api", "slack_app_token",
    "slack_bot_token", "xmpp_address", "xmpp_jid", "xmpp_nickname", "xmpp_password", "xmpp_rooms", "xmpp_tls");

  /** The core's own plugins, whose keys are the core's (above), not prefixed with their names. */
  private static final Set<String> CORE_PLUGINS = Set.of("memory", "proxy", "http", "random", "roundrobin");

  private Flags() {
  }

  /** Every option key the gateway, the dashboard, the proxy, the bot and the core read. */
  static Set<String> known() {
    Set<String> keys = new TreeSet<>(UNSET_KEYS);
    keys.addAll(BOT_INPUT_KEYS);
    keys.addAll(new BotOptions(new JsonObject()).toJson().fieldNames());
    keys.addAll(new GatewayOptions(new JsonObject()).toJson().fieldNames());
    keys.addAll(new WebDashboardOptions(new JsonObject()).toJson().fieldNames());
    keys.addAll(new MicroOptions(new JsonObject()).toJson().fieldNames());
    keys.addAll(new ProxyOptions().toJson().fieldNames());
    keys.addAll(new ProxyClientOptions().toJson().fieldNames());
    return keys;
  }

  /**
   * The flags as flat options; an unknown one is a usage error naming the closest known flag. A plugin's
   * own keys ({@code etcd_timeout}) are known by the plugin's name, since only the plugin reads them.
   */
  static JsonObject parse(CommandLine command, List<String> flags) {
    JsonObject parsed;
    try {
      parsed = MicroConfig.fromFlags(flags);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(command, e.getMessage());
    }
    Set<String> known = known();
    Set<String> plugins = new TreeSet<>();
    try {
      Plugins.list().stream().map(Plugin::name).filter(name -> !CORE_PLUGINS.contains(name)).forEach(plugins::add);
    } catch (RuntimeException e) {
      // no plugin list: their keys are simply not recognised
    }
    for (String key : parsed.fieldNames()) {
      if (known.contains(key) || plugins.stream().anyMatch(p -> key.startsWith(p + "_"))) {
        continue;
      }
      Set<String> candidates = new TreeSet<>(known);
      command.getCommandSpec().options().forEach(o -> candidates.add(o.longestName().replaceFirst("^--?", "").replace('-', '_')));
      String closest = closest(key, candidates);
      throw new CommandLine.ParameterException(command, "unknown option --" + key
        + (closest == null ? "" : ": did you mean --" + closest + "?"));
    }
    return parsed;
  }

  /** The candidate fewest edits away, if it is near enough to be a typo. */
  static String closest(String word, Set<String> candidates) {
    return candidates.stream()
      .map(c -> Map.entry(c, distance(word, c)))
      .filter(e -> e.getValue() <= Math.max(2, word.length() / 3))
      .min(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).thenComparing(Map.Entry::getKey))
      .map(Map.Entry::getKey).orElse(null);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
