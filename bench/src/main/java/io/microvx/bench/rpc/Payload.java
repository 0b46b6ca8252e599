package io.microvx.bench.rpc;

import java.util.List;

/** The message every RPC system carries both ways: {@link #SAMPLE} is 108 bytes of JSON. */
public record Payload(String id, String name, String email, int age, boolean active, List<String> tags) {

  public static final Payload SAMPLE = new Payload("c0ffee-0042", "Ada Lovelace", "ada@example.com", 36, true,
    List.of("math", "engines"));
}
