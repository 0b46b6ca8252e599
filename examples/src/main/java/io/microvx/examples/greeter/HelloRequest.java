package io.microvx.examples.greeter;

/** {@code {"name":"Ada"}} */
public record HelloRequest(String name) {
}
