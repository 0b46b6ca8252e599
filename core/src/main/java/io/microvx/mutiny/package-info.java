/**
 * The Mutiny face: {@link io.microvx.mutiny.MutinyClient} and {@link io.microvx.mutiny.MutinyRegistry} give
 * {@code Uni} and back-pressured {@code Multi} over the same objects; {@link io.microvx.mutiny.Mutiny}
 * bridges futures and streams.
 */
package io.microvx.mutiny;
