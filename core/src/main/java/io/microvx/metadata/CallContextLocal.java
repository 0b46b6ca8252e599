package io.microvx.metadata;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Registers the context-local slot holding the current {@link CallContext}. Vert.x requires locals to be
 * registered before its first instance is built, which is what loading this provider (listed in
 * {@code META-INF/services}) does.
 */
public final class CallContextLocal implements VertxServiceProvider {

  static final ContextLocal<CallContext> LOCAL = ContextLocal.registerLocal(CallContext.class);

  @Override
  public void init(VertxBootstrap builder) {
    // loading the class registered the local
  }
}
