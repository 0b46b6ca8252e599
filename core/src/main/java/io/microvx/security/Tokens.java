package io.microvx.security;

/** The bearer tokens the proxy and the dashboard ask for beyond loopback. */
public final class Tokens {

  /** Shorter tokens are refused: they could be guessed. */
  public static final int MIN_LENGTH = 16;

  private Tokens() {
  }

  /** The token, or null when blank; one shorter than {@link #MIN_LENGTH} fails, naming {@code option}. */
  public static String checked(String option, String token) {
    String value = token == null || token.isBlank() ? null : token;
    if (value != null && value.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(option + " is too short: use at least " + MIN_LENGTH
        + " characters (e.g. `openssl rand -hex 16`)");
    }
    return value;
  }
}
