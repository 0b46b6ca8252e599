/**
 * Node selection: {@link io.microvx.selector.Selector} over the registry cache, {@link io.microvx.selector.Strategy}
 * (Vert.x load balancers: random, round robin, least requests, power of two choices, consistent hashing),
 * {@link io.microvx.selector.Filter}s and outlier ejection.
 */
package io.microvx.selector;
