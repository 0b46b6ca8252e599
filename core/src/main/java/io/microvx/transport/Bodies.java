package io.microvx.transport;

import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads request bodies with a size limit: a declared {@code Content-Length} past it is refused before
 * anything is read, a chunked body as soon as it passes it — never buffered whole first.
 */
public final class Bodies {

  private Bodies() {
  }

  /**
   * The body, or a failure: a {@link MicroException} 413 past the limit, 400 for a malformed
   * {@code Content-Length}; another failure when the connection went away.
   */
  public static Future<Buffer> read(HttpServerRequest request, int max) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        return Future.failedFuture(MicroException.badRequest("go.micro.transport", "invalid Content-Length: %s", length));
      }
      if (declared > max) {
        return Future.failedFuture(tooLarge(declared, max));
      }
      return request.body();
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        promise.tryFail(tooLarge(body.length() + chunk.length(), max));
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(promise::tryFail);
    return promise.future();
  }

  private static MicroException tooLarge(long size, int max) {
    return new MicroException("go.micro.transport", "request body of " + size + " bytes exceeds the limit of " + max
      + " bytes", 413);
  }
}
