package io.microvx.server;

/**
 * Behaviour around every unary handler call, go-micro's {@code server.HandlerWrapper}: given the next
 * step, return one that does something before, after or instead of it (auth, logging, metrics).
 */
@FunctionalInterface
public interface HandlerWrapper {

  HandlerFunction wrap(HandlerFunction next);
}
