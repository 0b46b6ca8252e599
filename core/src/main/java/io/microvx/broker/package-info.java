/**
 * Publish/subscribe: the {@link io.microvx.broker.Broker} interface with queue groups, acknowledgements
 * and bounded in-flight deliveries, and the core's {@code memory} and {@code http} brokers.
 */
package io.microvx.broker;
