package io.microvx.bench.rpc;

import io.microvx.bench.load.Target;
import io.microvx.codec.Json;
import io.vertx.core.Future;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A client and a server doing the same work: the client encodes {@link Payload#SAMPLE} as JSON, the server
 * decodes it, encodes it back, the client decodes the reply. Every system uses the toolkit's Jackson
 * mapper, so the ratio measures the RPC layers, not JSON libraries.
 */
interface RpcSystem extends Target, AutoCloseable {

  /** {@code micro}, {@code vertx-raw} or {@code grpc-java}. */
  String name();

  /** One call, checked: the reply must equal the request. */
  Payload callOnce() throws Exception;

  @Override
  void close() throws Exception;

  static byte[] encode(Payload payload) {
    try {
      return Json.mapper().writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Payload decode(byte[] json) {
    try {
      return Json.mapper().readValue(json, Payload.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
  }
}
