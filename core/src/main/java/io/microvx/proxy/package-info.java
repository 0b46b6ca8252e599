/**
 * Reaching a micro proxy: {@link io.microvx.proxy.ProxyApi} and the {@code proxy} registry and broker
 * plugins that use micro's HTTP proxy API ({@code /registry}, {@code /broker}).
 */
package io.microvx.proxy;
