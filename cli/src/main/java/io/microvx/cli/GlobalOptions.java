package io.microvx.cli;

import io.microvx.config.Durations;
import io.microvx.proxy.ProxyClientOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes. */
final class GlobalOptions {

  @Option(names = {"--proxy_address", "--proxy-address"}, scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
    description = "Where the micro proxy listens (env MICRO_PROXY_ADDRESS, default ${DEFAULT-VALUE}).",
    defaultValue = "${env:MICRO_PROXY_ADDRESS:-" + ProxyClientOptions.DEFAULT_ADDRESS + "}")
  String proxyAddress;

  @Option(names = {"--proxy_token", "--proxy-token"}, scope = ScopeType.INHERIT, paramLabel = "TOKEN",
    description = "Bearer token of a remote proxy (env MICRO_PROXY_TOKEN).", defaultValue = "${env:MICRO_PROXY_TOKEN}")
  String proxyToken;

  @Option(names = {"--proxy_tls_ca", "--proxy-tls-ca"}, scope = ScopeType.INHERIT, paramLabel = "PEM",
    description = "CA of a remote proxy's certificate, for --proxy_address https://HOST:PORT (env MICRO_PROXY_TLS_CA).",
    defaultValue = "${env:MICRO_PROXY_TLS_CA}")
  String proxyTlsCa;

  @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "table|json",
    description = "Tables for people (default) or JSON for scripts.", defaultValue = "table")
  String output;

  @Option(names = {"--timeout"}, scope = ScopeType.INHERIT, paramLabel = "DURATION",
    description = "How long a call may take, e.g. 5s (default ${DEFAULT-VALUE}).", defaultValue = "5s")
  String timeout;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean verbose;

  Output.Format format() {
    if ("json".equalsIgnoreCase(output)) {
      return Output.Format.JSON;
    }
    if ("table".equalsIgnoreCase(output)) {
      return Output.Format.TABLE;
    }
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new Micro()),
      "--output must be table or json, not " + output);
  }

  /**
   * The timeout as given. The proxy's {@code Timeout} header takes whole seconds (rounded up), so the CLI
   * also waits no longer than this itself: {@code --timeout 1ms} means 1 ms, not 1 s.
   */
  java.time.Duration timeout() {
    java.time.Duration parsed;
    try {
      parsed = Durations.parse(timeout);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--timeout " + timeout + ": expected a duration such as 500ms, 5s or 1m");
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new IllegalArgumentException("--timeout " + timeout + ": must be more than zero");
    }
    return parsed;
  }

  /** The timeout in whole seconds, rounded up, for the proxy's {@code Timeout} header. */
  long timeoutSeconds() {
    long millis = timeout().toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }
}
