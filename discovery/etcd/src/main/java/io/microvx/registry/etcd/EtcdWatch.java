package io.microvx.registry.etcd;

import io.microvx.errors.MicroException;
import io.microvx.registry.Service;
import io.microvx.registry.WatchEvent;
import io.microvx.registry.WatchOptions;
import io.microvx.registry.Watcher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * One watch: etcd's watch stream over a key prefix, with previous values so a delete names the version
 * it took. When the stream breaks it is opened again from the revision after the last one seen, so no
 * change is missed; only when etcd stays away (a few tries over about three seconds) or compacted the
 * revisions it would need, or came back without its data (its revision behind the last one seen), does the
 * watch fail, for the caller to watch and read again.
 */
final class EtcdWatch implements Watcher {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
  private static final long[] REOPEN_BACKOFF_MS = {0, 100, 300, 700, 1500};

  private final Vertx vertx;
  private final Context context;
  private final EtcdClient etcd;
  private final String keyPrefix;
  private final WatchOptions filter;
  private final Handler<WatchEvent> handler;
  private final Promise<Void> closed = Promise.promise();
  /** Completes once etcd created the watch, or fails if it never did. */
  private final Promise<Watcher> running = Promise.promise();
  private volatile HttpClientResponse stream;
  private long revision; // the last revision seen; on the context only
  private boolean created;

  private EtcdWatch(Vertx vertx, Context context, EtcdClient etcd, String keyPrefix, WatchOptions filter,
                    Handler<WatchEvent> handler) {
    this.vertx = vertx;
    this.context = context;
    this.etcd = etcd;
    this.keyPrefix = keyPrefix;
    this.filter = filter;
    this.handler = handler;
  }

  static Future<Watcher> start(Vertx vertx, EtcdClient etcd, String keyPrefix, WatchOptions filter,
                               Handler<WatchEvent> handler) {
    Context context = vertx.getOrCreateContext();
    EtcdWatch watch = new EtcdWatch(vertx, context, etcd, keyPrefix, filter, handler);
    context.runOnContext(v -> watch.open(0));
    return watch.running.future();
  }

  /** Opens the stream; {@code running} completes when etcd says the watch was created. */
  private void open(int attempt) {
    JsonObject request = EtcdKeys.prefixRange(keyPrefix).put("prev_kv", true);
    if (revision > 0) {
      request.put("start_revision", Long.toString(revision + 1));
    }
    // called on the watch's context, so the client answers there too
    etcd.stream("/v3/watch", new JsonObject().put("create_request", request)).onComplete(ar -> {
      if (ar.failed()) {
        broken(attempt, ar.cause());
        return;
      }
      HttpClientResponse response = ar.result();
      if (closed.future().isComplete()) {
        response.request().reset();
        return;
      }
      stream = response;
      response.handler(RecordParser.newDelimited("\n", line -> {
        if (stream == response) {
          received(line);
        }
      }));
      response.exceptionHandler(err -> {
        if (stream == response) {
          broken(0, err);
        }
      });
      response.endHandler(end -> {
        if (stream == response) {
          broken(0, new MicroException(EtcdClient.ERROR_ID, "etcd at " + etcd.address() + " ended the watch", 503));
        }
      });
    });
  }

  private void received(Buffer line) {
    if (line.length() == 0 || closed.future().isComplete()) {
      return;
    }
    JsonObject result;
    try {
      JsonObject message = line.toJsonObject();
      result = message.getJsonObject("result");
      if (result == null) {
        fail(new MicroException(EtcdClient.ERROR_ID, "etcd at " + etcd.address() + " broke the watch: "
          + message.getJsonObject("error", new JsonObject()).getString("message", "no reason given"), 503));
        return;
      }
    } catch (DecodeException | ClassCastException e) {
      fail(new MicroException(EtcdClient.ERROR_ID, "etcd sent a watch message that is not JSON", 502));
      return;
    }
    if (result.getBoolean("canceled", false)) {
      fail(new MicroException(EtcdClient.ERROR_ID, "etcd at " + etcd.address() + " cancelled the watch"
        + (result.containsKey("compact_revision") ? " (revisions compacted)" : ""), 503));
      return;
    }
    if (result.getBoolean("created", false)) {
      JsonObject header = result.getJsonObject("header", new JsonObject());
      if (!created) {
        // the watch runs from here: every later change reaches it. Once reopened from a revision, the
        // header is etcd's latest, not what was delivered: the revision then moves only with events
        revision = revisionOf(header);
        created = true;
        running.tryComplete(this);
      } else if (revisionOf(header) < revision) {
        // reopened on an etcd behind what this watch saw: it lost its data (restarted empty, restored from
        // an old snapshot) and would only wait for revisions to come; the caller must read and register again
        fail(new MicroException(EtcdClient.ERROR_ID, "etcd at " + etcd.address() + " came back without its data"
          + " (revision " + revisionOf(header) + ", this watch had seen " + revision + ")", 503));
      }
      return;
    }
    JsonArray events = result.getJsonArray("events", new JsonArray());
    for (int i = 0; i < events.size(); i++) {
      JsonObject event = events.getJsonObject(i);
      JsonObject kv = event.getJsonObject("kv", new JsonObject());
      revision = Math.max(revision, Long.parseLong(kv.getString("mod_revision", "0")));
      events(event, kv).forEach(this::deliver);
    }
  }

  /** The registry events of one etcd event: none for a put that changed nothing (a renewal). */
  private static List<WatchEvent> events(JsonObject event, JsonObject kv) {
    JsonObject prevKv = event.getJsonObject("prev_kv");
    Service previous = EtcdKeys.service(prevKv);
    if ("DELETE".equals(event.getString("type"))) {
      if (previous != null) {
        return List.of(new WatchEvent(WatchEvent.Action.DELETE, previous));
      }
      return List.of(); // not a service we could read: nothing to take away
    }
    Service current = EtcdKeys.service(kv);
    if (current == null || current.equals(previous)) {
      return List.of();
    }
    if (previous == null) {
      return List.of(new WatchEvent(WatchEvent.Action.CREATE, current));
    }
    if (!Objects.equals(previous.version(), current.version())) {
      return List.of(new WatchEvent(WatchEvent.Action.DELETE, previous), new WatchEvent(WatchEvent.Action.CREATE, current));
    }
    return List.of(new WatchEvent(WatchEvent.Action.UPDATE, current));
  }

  private void deliver(WatchEvent event) {
    if (!closed.future().isComplete() && filter.matches(event.service().name())) {
      handler.handle(event);
    }
  }

  private static long revisionOf(JsonObject header) {
    return Long.parseLong(header.getString("revision", "0"));
  }

  /** The stream broke: open it again from the last revision seen, a few times, then give up. */
  private void broken(int attempt, Throwable cause) {
    if (closed.future().isComplete()) {
      return;
    }
    HttpClientResponse was = stream;
    stream = null;
    if (was != null) {
      was.request().reset();
    }
    if (!created || attempt >= REOPEN_BACKOFF_MS.length) {
      fail(cause);
      return;
    }
    LOG.debug("etcd watch on {} broke, opening it again from revision {}", keyPrefix, revision + 1, cause);
    long delay = REOPEN_BACKOFF_MS[attempt];
    Runnable again = () -> open(attempt + 1);
    if (delay == 0) {
      again.run();
    } else {
      vertx.setTimer(delay, t -> context.runOnContext(v -> again.run()));
    }
  }

  private void fail(Throwable cause) {
    running.tryFail(cause);
    if (closed.tryFail(cause)) {
      HttpClientResponse was = stream;
      stream = null;
      if (was != null) {
        was.request().reset();
      }
    }
  }

  @Override
  public Future<Void> stop() {
    context.runOnContext(v -> {
      if (closed.tryComplete()) {
        HttpClientResponse was = stream;
        stream = null;
        if (was != null) {
          was.request().reset();
        }
      }
    });
    return closed.future().otherwiseEmpty();
  }

  @Override
  public Future<Void> closed() {
    return closed.future();
  }
}
