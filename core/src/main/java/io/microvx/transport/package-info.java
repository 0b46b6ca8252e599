/**
 * Moving messages: {@link io.microvx.transport.Transport} and go-micro's {@code http} wire, unary calls as
 * {@code POST /}, streams over a WebSocket upgrade of the same port.
 */
package io.microvx.transport;
