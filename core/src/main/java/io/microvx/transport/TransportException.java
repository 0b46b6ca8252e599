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
}
