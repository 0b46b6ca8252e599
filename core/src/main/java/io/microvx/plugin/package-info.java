/**
 * Plugins by name: provider interfaces found with {@link java.util.ServiceLoader}
 * ({@link io.microvx.plugin.Plugins}), and the core's own providers (memory registry, http transport,
 * registry selector).
 */
package io.microvx.plugin;
