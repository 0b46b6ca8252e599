package io.microvx.web.api;

import io.microvx.client.CallStream;
import io.microvx.errors.MicroException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Relays a stream call's replies to the page as they arrive, one JSON object a line
 * ({@code application/x-ndjson}): {@code {"reply":…}} per reply, then one closing line
 * {@code {"end":true,"ok":…,"count":…,"latencyMs":…}} with the {@code error} when the stream failed, or
 * {@code "truncated":true} when it passed the dashboard's limit and was cancelled. The page reading
 * slowly pauses the stream (back-pressure to the service); the page going away cancels it.
 */
final class StreamRelay {

  /** A page is for looking at replies, not for draining an endless stream into. */
  static final int MAX_REPLIES = 10_000;

  private final HttpServerResponse response;
  private final long began = System.nanoTime();
  private CallStream<Object, Buffer> stream;
  private int count;
  private boolean finished;

  private StreamRelay(HttpServerResponse response) {
    this.response = response;
  }

  static void relay(HttpServerResponse response, Future<CallStream<Object, Buffer>> opening) {
    response.setChunked(true)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    StreamRelay relay = new StreamRelay(response);
    response.closeHandler(v -> relay.pageLeft());
    opening.onComplete(ar -> {
      if (ar.failed()) {
        relay.finish(ar.cause(), false);
      } else {
        relay.start(ar.result());
      }
    });
  }

  private void start(CallStream<Object, Buffer> opened) {
    stream = opened;
    if (finished || response.closed()) {
      finished = true;
      opened.cancel();
      return;
    }
    opened.exceptionHandler(failure -> finish(failure, false));
    opened.endHandler(v -> finish(null, false));
    opened.handler(this::reply);
  }

  private void reply(Buffer reply) {
    if (finished) {
      return;
    }
    count++;
    response.write(line(new JsonObject().put("reply", ServiceCalls.decode(reply))));
    if (count >= MAX_REPLIES) {
      stream.cancel();
      finish(null, true);
    } else if (response.writeQueueFull()) {
      stream.pause();
      response.drainHandler(v -> stream.resume());
    }
  }

  private void pageLeft() {
    if (!finished) {
      finished = true;
      if (stream != null) {
        stream.cancel();
      }
    }
  }

  private void finish(Throwable failure, boolean truncated) {
    if (finished) {
      return;
    }
    finished = true;
    JsonObject last = new JsonObject().put("end", true).put("ok", failure == null).put("count", count)
      .put("latencyMs", (System.nanoTime() - began) / 1e6);
    if (failure != null) {
      last.put("error", MicroException.from(Replies.ID, failure).toJsonObject());
    }
    if (truncated) {
      last.put("truncated", true);
    }
    if (!response.closed() && !response.ended()) {
      response.end(line(last));
    }
  }

  private static Buffer line(JsonObject json) {
    return json.toBuffer().appendByte((byte) '\n');
  }
}
