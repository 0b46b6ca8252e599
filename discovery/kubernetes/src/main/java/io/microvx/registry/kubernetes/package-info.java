/**
 * The {@code kubernetes} registry plugin: {@link io.microvx.registry.kubernetes.KubernetesRegistryProvider} and its
 * {@link io.microvx.registry.kubernetes.KubernetesRegistryOptions}.
 */
package io.microvx.registry.kubernetes;
