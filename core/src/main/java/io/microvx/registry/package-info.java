/**
 * Service discovery: the {@link io.microvx.registry.Registry} interface, go-micro's model records, the
 * in-memory registry, the {@link io.microvx.registry.CachingRegistry} every client reads through, and
 * {@link io.microvx.registry.Services}, what every registry plugin does the same way.
 */
package io.microvx.registry;
