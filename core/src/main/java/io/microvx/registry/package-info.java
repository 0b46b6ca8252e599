/**
 * Service discovery: the {@link io.microvx.registry.Registry} interface, go-micro's model records, the
 * in-memory registry and the {@link io.microvx.registry.CachingRegistry} every client reads through.
 */
package io.microvx.registry;
