/**
 * Configuration under go-micro's flag names, from a {@code -conf} JSON, {@code MICRO_*} variables and
 * flags ({@link io.microvx.config.MicroConfig}), read into {@link io.microvx.config.MicroOptions}.
 */
package io.microvx.config;
