/**
 * The Mutiny face: {@link io.microvx.mutiny.MutinyClient} and the four SPIs of the design,
 * {@link io.microvx.mutiny.MutinyRegistry}, {@link io.microvx.mutiny.MutinySelector},
 * {@link io.microvx.mutiny.MutinyBroker} and {@link io.microvx.mutiny.MutinyTransport}, give {@code Uni} and
 * back-pressured {@code Multi} over the same objects; {@link io.microvx.mutiny.Mutiny} bridges futures and
 * streams. Each is a thin layer, never a second implementation.
 */
package io.microvx.mutiny;
