/**
 * Calling services: {@link io.microvx.client.Client} with per-call {@link io.microvx.client.CallOptions},
 * streams, and {@link io.microvx.client.CallWrapper}s (deadline and retry among them).
 */
package io.microvx.client;
