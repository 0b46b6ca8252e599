package io.microvx.web.api;

import io.microvx.registry.RegistryMirror;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /_/api/events}: the registry view, live. The pages open it as a WebSocket (which, unlike
 * server-sent events, does not take one of the browser's six HTTP connections to the dashboard per open
 * tab); without an upgrade it answers server-sent events ({@code event: services}), handy with
 * {@code curl -N}. On connecting the reader gets the whole list, then the list again after each change,
 * coalesced: a burst of registrations is one message, and a slow reader only ever gets the latest picture
 * (nothing queues up while its socket is full). Each round of the overview follows as its own message,
 * {@code {"overview": …}} ({@code event: overview}). A ping every 20 s keeps proxies from closing it.
 */
final class EventStream {

  private static final long COALESCE_MS = 50;
  private static final long PING_MS = 20_000;

  private final Vertx vertx;
  private final RegistryMirror view;
  private final String namespace;
  private final Overview overview;

  EventStream(Vertx vertx, RegistryMirror view, String namespace, Overview overview) {
    this.vertx = vertx;
    this.view = view;
    this.namespace = namespace;
    this.overview = overview;
  }

  void open(RoutingContext ctx) {
    if ("websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
      ctx.request().toWebSocket().onSuccess(this::webSocket).onFailure(ctx::fail);
    } else {
      serverSent(ctx.response());
    }
  }

  private void webSocket(ServerWebSocket socket) {
    // the page only listens; whatever it sends is ignored
    socket.handler(message -> {
    });
    follow(new Sink() {
      public void send(String event, String json) {
        socket.writeTextMessage(json);
      }

      public void ping() {
        socket.writePing(Buffer.buffer());
      }

      public boolean full() {
        return socket.writeQueueFull();
      }

      public void onDrain(Handler<Void> handler) {
        socket.drainHandler(handler);
      }

      public void onClose(Handler<Void> handler) {
        socket.closeHandler(handler);
      }
    });
  }

  private void serverSent(HttpServerResponse response) {
    response.setChunked(true)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .putHeader("X-Accel-Buffering", "no");
    response.write("retry: 2000\n\n");
    follow(new Sink() {
      public void send(String event, String json) {
        response.write("event: " + event + "\ndata: " + json + "\n\n");
      }

      public void ping() {
        response.write(": ping\n\n");
      }

      public boolean full() {
        return response.writeQueueFull();
      }

      public void onDrain(Handler<Void> handler) {
        response.drainHandler(handler);
      }

      public void onClose(Handler<Void> handler) {
        response.closeHandler(handler);
      }
    });
  }

  /** Where the messages of one reader go. */
  private interface Sink {
    /** Sends a message: {@code services} (the list) or {@code overview} (an overview round). */
    void send(String event, String json);

    void ping();

    boolean full();

    void onDrain(Handler<Void> handler);

    void onClose(Handler<Void> handler);
  }

  private void follow(Sink sink) {
    Feed feed = new Feed(sink);
    sink.onDrain(v -> feed.changed());
    feed.send();
    Runnable unsubscribe = view.onChange(name -> feed.changed());
    // an overview round is skipped for a reader whose socket is full; the page fills gaps from the API
    Runnable unfollow = overview.follow(message -> {
      if (!feed.closed && !sink.full()) {
        sink.send("overview", message);
      }
    });
    long ping = vertx.setPeriodic(PING_MS, id -> {
      if (!sink.full()) {
        sink.ping();
      }
    });
    sink.onClose(v -> {
      unsubscribe.run();
      unfollow.run();
      vertx.cancelTimer(ping);
      feed.closed = true;
    });
  }

  /** One reader: at most one message pending, always the latest state. */
  private final class Feed {
    private final Sink sink;
    private boolean scheduled;
    private boolean closed;

    Feed(Sink sink) {
      this.sink = sink;
    }

    void changed() {
      if (scheduled || closed) {
        return;
      }
      scheduled = true;
      vertx.setTimer(COALESCE_MS, id -> {
        scheduled = false;
        if (!closed && !sink.full()) {
          send();
        }
      });
    }

    void send() {
      sink.send("services", ServiceJson.summaries(view, namespace).encode());
    }
  }
}
