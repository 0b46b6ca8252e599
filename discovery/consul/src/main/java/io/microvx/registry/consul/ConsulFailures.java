package io.microvx.registry.consul;

import io.microvx.errors.MicroException;

import java.net.ConnectException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the Vert.x Consul client fails with into one clear {@link MicroException}. The client reports
 * an unexpected status as {@code Status message: 'Forbidden'. Body: 'ACL not found'}; the reason phrase
 * gives the code back.
 */
final class ConsulFailures {

  static final String ID = "go.micro.registry.consul";
  private static final Pattern STATUS = Pattern.compile("Status message: '(.*?)'\\. Body: '(.*)'\\s*", Pattern.DOTALL);

  private ConsulFailures() {
  }

  /** The HTTP status the agent answered with, or 0 when the call failed before any answer. */
  static int status(Throwable failure) {
    Matcher m = failure.getMessage() == null ? null : STATUS.matcher(failure.getMessage());
    if (m == null || !m.matches()) {
      return 0;
    }
    return switch (m.group(1)) {
      case "Bad Request" -> 400;
      case "Unauthorized" -> 401;
      case "Forbidden" -> 403;
      case "Not Found" -> 404;
      case "Method Not Allowed" -> 405;
      case "Too Many Requests" -> 429;
      case "Internal Server Error" -> 500;
      case "Bad Gateway" -> 502;
      case "Service Unavailable" -> 503;
      case "Gateway Timeout" -> 504;
      default -> 500;
    };
  }

  /** The failure as the registry reports it: one line naming the agent and what went wrong. */
  static MicroException of(String agent, Throwable failure) {
    if (failure instanceof MicroException micro) {
      return micro;
    }
    String message = failure.getMessage();
    Matcher m = message == null ? null : STATUS.matcher(message);
    if (m != null && m.matches()) {
      int code = status(failure);
      String body = oneLine(m.group(2));
      if (code == 403) {
        return new MicroException(ID, "the Consul agent at " + agent + " refused the ACL token (consul_token): "
          + body, 403, failure);
      }
      return new MicroException(ID, "the Consul agent at " + agent + " answered " + code + ": " + body,
        code >= 500 ? 503 : code, failure);
    }
    String cause = message == null ? failure.getClass().getSimpleName() : oneLine(message);
    if (failure instanceof ConnectException || cause.contains("onnection refused")) {
      return new MicroException(ID, "cannot reach the Consul agent at " + agent + ": " + cause, 503, failure);
    }
    if (failure instanceof java.util.concurrent.TimeoutException || cause.contains("timeout") || cause.contains("timed out")) {
      return new MicroException(ID, "the Consul agent at " + agent + " did not answer in time: " + cause, 408, failure);
    }
    return new MicroException(ID, "the Consul agent at " + agent + " failed: " + cause, 503, failure);
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
