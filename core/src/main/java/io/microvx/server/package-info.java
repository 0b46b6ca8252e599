/**
 * Serving calls: {@link io.microvx.server.Server} turns handler objects into endpoints, registers them,
 * enforces deadlines and stops gracefully; {@link io.microvx.server.HandlerWrapper}s wrap every call.
 */
package io.microvx.server;
