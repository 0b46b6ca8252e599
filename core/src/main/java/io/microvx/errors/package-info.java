/**
 * Errors as go-micro carries them: {@link io.microvx.errors.MicroException} with {@code id}, {@code code},
 * {@code detail} and {@code status}, factories for the common codes and a parser tolerant of plain text.
 */
package io.microvx.errors;
