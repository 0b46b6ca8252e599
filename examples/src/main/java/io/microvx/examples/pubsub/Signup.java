package io.microvx.examples.pubsub;

/** The event the accounts service publishes: {@code {"email":"ada@example.com","plan":"pro"}}. */
public record Signup(String email, String plan) {
}
