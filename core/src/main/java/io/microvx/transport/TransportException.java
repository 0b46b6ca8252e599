package io.microvx.transport;

import io.microvx.errors.MicroException;

/**
 * The node did not answer: refused or lost connection, a non-200 HTTP status, or no reply within the
 * timeout (code 408). Unlike an error the node sent back, this is the node's fault, so the client retries
 * elsewhere and the selector counts it towards ejection.
 */
public class TransportException extends MicroException {

  private static final long serialVersionUID = 1L;

  public static final String ID = "go.micro.client.transport";

  public TransportException(String detail, int code, Throwable cause) {
    super(ID, detail, code, cause);
  }

  public static TransportException timeout(String detail, Throwable cause) {
    return new TransportException(detail, 408, cause);
  }

  /**
   * Any failure to get an answer from the node at {@code address}, as the fault it is, for transports:
   * a {@link TransportException} is kept, a {@link java.util.concurrent.TimeoutException} becomes 408, a
   * malformed request ({@link IllegalArgumentException}) the caller's 400 (not retried, not the node's
   * fault), anything else (refused, reset, closed) a 500 naming the node.
   */
  public static MicroException of(String address, Throwable failure) {
    if (failure instanceof TransportException e) {
      return e;
    }
    if (failure instanceof IllegalArgumentException e) {
      return MicroException.badRequest("go.micro.client", "invalid request to %s: %s", address, e.getMessage());
    }
    if (failure instanceof java.util.concurrent.TimeoutException) {
      return timeout("request to " + address + " timed out", failure);
    }
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return new TransportException("cannot reach " + address + ": " + message, 500, failure);
  }
}
