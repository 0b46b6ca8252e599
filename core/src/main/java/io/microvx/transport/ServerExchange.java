package io.microvx.transport;

import io.vertx.core.Handler;

/** One unary request received by a transport server, and the means to answer it. */
public interface ServerExchange {

  Message request();

  /** The caller's {@code host:port}, or an empty string where the transport cannot tell (a message queue). */
  String remoteAddress();

  /** Answers (status 200; {@code Micro-*} reply headers are also written as {@code X-Micro-*}). */
  void reply(Message reply);

  /**
   * Called if the caller goes away (connection closed or reset) before the reply was written, so the
   * work for it can stop. Transports that cannot see a caller leave (a message queue) never call it.
   */
  void cancelHandler(Handler<Void> handler);
}
