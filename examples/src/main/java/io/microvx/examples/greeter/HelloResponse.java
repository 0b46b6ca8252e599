package io.microvx.examples.greeter;

/** {@code {"msg":"Hello Ada"}} */
public record HelloResponse(String msg) {
}
