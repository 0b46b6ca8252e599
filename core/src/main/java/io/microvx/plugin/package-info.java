/**
 * Plugins by name: provider interfaces found with {@link java.util.ServiceLoader}
 * ({@link io.microvx.plugin.Plugins}), the plugin jars a launcher adds to the class path
 * ({@link io.microvx.plugin.PluginPath}), and the core's own providers (memory registry, http transport,
 * registry selector).
 */
package io.microvx.plugin;
