package io.microvx.errors;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The one error type of the toolkit, carrying go-micro's error fields {@code {id, code, detail, status}}.
 *
 * <p>It travels over the wire as the JSON of {@link #toJson()} in the {@code Micro-Error} header, and
 * {@link #parse(String)} reads it back, tolerating the plain-text errors Go peers send for framework
 * failures (those become {@code detail} with code 0). Instances made from wire data carry no stack trace:
 * it would describe this JVM, not the failure.
 */
public class MicroException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String id;
  private final int code;
  private final String detail;
  private final String status;

  /** An error with go-micro's argument order: {@code errors.New(id, detail, code)}. */
  public MicroException(String id, String detail, int code) {
    this(id, code, detail, StatusText.of(code), null, true);
  }

  /** An error wrapping a local cause, kept for logs; only the four fields go over the wire. */
  public MicroException(String id, String detail, int code, Throwable cause) {
    this(id, code, detail, StatusText.of(code), cause, true);
  }

  private MicroException(String id, int code, String detail, String status, Throwable cause, boolean trace) {
    super(null, cause, false, trace);
    this.id = id == null ? "" : id;
    this.code = code;
    this.detail = detail == null ? "" : detail;
    this.status = status == null ? "" : status;
  }

  /** An error exactly as a peer sent it, fields as given and no stack trace. */
  public static MicroException of(String id, int code, String detail, String status) {
    return new MicroException(id, code, detail, status, null, false);
  }

  public static MicroException badRequest(String id, String format, Object... args) {
    return new MicroException(id, String.format(format, args), 400);
  }

  public static MicroException unauthorized(String id, String format, Object... args) {
    return new MicroException(id, String.format(format, args), 401);
  }

  public static MicroException forbidden(String id, String format, Object... args) {
    return new MicroException(id, String.format(format, args), 403);
  }

  public static MicroException notFound(String id, String format, Object... args) {
    return new MicroException(id, String.format(format, args), 404);
  }

  public static MicroException methodNotAllowed(String id, String format, Object... args) {
    return new MicroException(id, String.format(format, args), 405);
  }

  public static MicroException timeout(String id, String format, Object... args) {
    return new MicroException(id, String.format(format, args), 408);
  }

  public static MicroException conflict(String id, String format, Object... args) {
    return new MicroException(id, String.format(format, args), 409);
  }

  public static MicroException internalServerError(String id, String format, Object... args) {
    return new MicroException(id, String.format(format, args), 500);
  }

  /**
   * Reads an error as a peer sent it: go-micro's JSON when it is that, otherwise the whole text as
   * {@code detail} with code 0 (what Go's {@code errors.Parse} does for {@code rpc: can't find service}).
   */
  public static MicroException parse(String text) {
    if (text == null) {
      return of("", 0, "", "");
    }
    String trimmed = text.trim();
    if (trimmed.startsWith("{")) {
      try {
        JsonObject json = new JsonObject(trimmed);
        Object code = json.getValue("code");
        return of(stringOrEmpty(json.getValue("id")),
          code instanceof Number n ? n.intValue() : 0,
          stringOrEmpty(json.getValue("detail")),
          stringOrEmpty(json.getValue("status")));
      } catch (DecodeException | ClassCastException e) {
        // not go-micro's JSON: fall through to plain text
      }
    }
    return of("", 0, text, "");
  }

  /**
   * The toolkit error for any failure, as a caller may see it: a {@code MicroException} as is, anything
   * else a 500 saying only that the request failed. An exception's own text (a NullPointerException's,
   * a library's type names) describes this process, not the caller's mistake: it stays in the cause, for
   * the log.
   */
  public static MicroException from(String id, Throwable failure) {
    return from(id, failure, null);
  }

  /**
   * As {@link #from(String, Throwable)}, the detail naming the request id ({@code Micro-Id}) under which
   * the real failure was logged, when there is one.
   */
  public static MicroException from(String id, Throwable failure, String requestId) {
    if (failure instanceof MicroException e) {
      return e;
    }
    return new MicroException(id, internalDetail(requestId), 500, failure);
  }

  /** What a caller is told of a failure it did not cause: that it happened, and where the log has it. */
  public static String internalDetail(String requestId) {
    return requestId == null || requestId.isBlank() ? "internal error" : "internal error (request id " + requestId + ")";
  }

  private static String stringOrEmpty(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  public String id() {
    return id;
  }

  public int code() {
    return code;
  }

  public String detail() {
    return detail;
  }

  public String status() {
    return status;
  }

  /** go-micro's JSON form, all four keys always present. */
  public JsonObject toJsonObject() {
    return new JsonObject().put("id", id).put("code", code).put("detail", detail).put("status", status);
  }

  /** go-micro's JSON text, as sent in {@code Micro-Error}. */
  public String toJson() {
    return toJsonObject().encode();
  }

  /** Like go-micro's {@code Error()}: the JSON text. */
  @Override
  public String getMessage() {
    return toJson();
  }
}
