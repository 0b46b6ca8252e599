/**
 * The {@code mdns} registry plugin: {@link io.microvx.registry.mdns.MdnsRegistryProvider} and its
 * {@link io.microvx.registry.mdns.MdnsRegistryOptions}.
 */
package io.microvx.registry.mdns;
