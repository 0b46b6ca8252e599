package io.microvx.examples.greeter;

/** {@code {"name":"Ada","count":3}}: how many greetings to stream. */
public record GreetingsRequest(String name, int count) {
}
