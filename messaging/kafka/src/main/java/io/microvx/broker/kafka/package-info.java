/**
 * The {@code kafka} broker plugin: {@link io.microvx.broker.kafka.KafkaBrokerProvider} and its
 * {@link io.microvx.broker.kafka.KafkaBrokerOptions}.
 */
package io.microvx.broker.kafka;
