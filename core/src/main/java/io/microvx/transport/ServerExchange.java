package io.microvx.transport;

import io.vertx.core.Handler;

/** One unary request received by a transport server, and the means to answer it. */
public interface ServerExchange {

  Message request();

  /** The caller's {@code host:port}. */
  String remoteAddress();

  /** Answers (status 200; {@code Micro-*} reply headers are also written as {@code X-Micro-*}). */
  void reply(Message reply);

  /**
   * Called if the caller goes away (connection closed or reset) before the reply was written, so the
   * work for it can stop.
   */
  void cancelHandler(Handler<Void> handler);
}
