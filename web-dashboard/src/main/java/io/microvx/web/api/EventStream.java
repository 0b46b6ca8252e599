package io.microvx.web.api;

import io.microvx.web.registry.RegistryView;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /_/api/events}: the registry view pushed as server-sent events. On connecting the page gets
 * the whole list, then the list again after each change ({@code event: services}), coalesced: a burst of
 * registrations is one message, and a slow reader only ever gets the latest picture (nothing queues up
 * while its socket is full). A comment every 20 s keeps proxies from closing an idle stream.
 */
final class EventStream {

  private static final long COALESCE_MS = 50;
  private static final long PING_MS = 20_000;

  private final Vertx vertx;
  private final RegistryView view;
  private final String namespace;

  EventStream(Vertx vertx, RegistryView view, String namespace) {
    this.vertx = vertx;
    this.view = view;
    this.namespace = namespace;
  }

  void open(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .putHeader("X-Accel-Buffering", "no");
    Feed feed = new Feed(response);
    response.write("retry: 2000\n\n");
    feed.send();
    Runnable unsubscribe = view.onChange(name -> feed.changed());
    long ping = vertx.setPeriodic(PING_MS, id -> {
      if (!response.writeQueueFull()) {
        response.write(": ping\n\n");
      }
    });
    response.closeHandler(v -> {
      unsubscribe.run();
      vertx.cancelTimer(ping);
      feed.closed = true;
    });
  }

  /** One reader: at most one message pending, always the latest state. */
  private final class Feed {
    private final HttpServerResponse response;
    private boolean scheduled;
    private boolean closed;

    Feed(HttpServerResponse response) {
      this.response = response;
      response.drainHandler(v -> changed());
    }

    void changed() {
      if (scheduled || closed) {
        return;
      }
      scheduled = true;
      vertx.setTimer(COALESCE_MS, id -> {
        scheduled = false;
        if (!closed && !response.writeQueueFull()) {
          send();
        }
      });
    }

    void send() {
      response.write("event: services\ndata: " + ServiceJson.summaries(view, namespace).encode() + "\n\n");
    }
  }
}
