package io.microvx.errors;

import io.netty.handler.codec.http.HttpResponseStatus;

/** The standard reason phrase for a status code, empty for codes without one (as Go's {@code http.StatusText}). */
final class StatusText {

  private StatusText() {
  }

  static String of(int code) {
    if (code < 100 || code > 599) {
      return "";
    }
    String phrase = HttpResponseStatus.valueOf(code).reasonPhrase();
    // Netty names unknown codes after their class, e.g. "Client Error (499)": Go leaves them empty
    return phrase.endsWith(")") ? "" : phrase;
  }
}
