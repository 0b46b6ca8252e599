/**
 * The {@code etcd} registry plugin: {@link io.microvx.registry.etcd.EtcdRegistryProvider} and its
 * {@link io.microvx.registry.etcd.EtcdRegistryOptions}.
 */
package io.microvx.registry.etcd;
