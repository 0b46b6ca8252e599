/**
 * A service's metrics: Micrometer meters taken by wrappers around the server's handler calls, the client's
 * calls and attempts and the broker, plus the registry cache's and selector's counters, served in
 * Prometheus' text format on an address of their own ({@link io.microvx.metrics.Metrics#serve}) and
 * summarised in {@code Debug.Stats}.
 */
package io.microvx.metrics;
