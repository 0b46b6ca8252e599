package io.microvx.interop;

import com.google.protobuf.StringValue;
import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** The Java twin of the Go peers' greeter: the same endpoints, request and reply shapes. */
final class JavaGreeter {

  private JavaGreeter() {
  }

  public record HelloRequest(String name) {
  }

  public record HelloResponse(String msg) {
  }

  public record FailRequest(int code, String detail) {
  }

  public record Empty() {
  }

  public record SlowRequest(long millis) {
  }

  /** What the handler's deadline had left when it started ({@code -1}: none). */
  public record SlowResponse(long deadline_millis) {
  }

  public record MetaResponse(Map<String, String> metadata) {
  }

  public record GreetingsRequest(String name, int count) {
  }

  /** {@code Say.*}: as the Go greeter's. */
  public static final class Say {
    private final Vertx vertx;
    private final String name;
    /** Say.Slow calls whose deadline passed before they were done. */
    final List<String> cancelled = new CopyOnWriteArrayList<>();

    Say(Vertx vertx, String name) {
      this.vertx = vertx;
      this.name = name;
    }

    public HelloResponse hello(HelloRequest request) {
      if (request.name() == null || request.name().isEmpty()) {
        throw MicroException.badRequest(name, "a name is required");
      }
      return new HelloResponse("Hello " + request.name());
    }

    public Future<Empty> fail(FailRequest request) {
      return Future.failedFuture(new MicroException(name, request.detail(), request.code()));
    }

    public Future<SlowResponse> slow(SlowRequest request, CallContext context) {
      long left = context.deadline() == 0 ? -1 : context.remaining().toMillis();
      Promise<SlowResponse> done = Promise.promise();
      long timer = vertx.setTimer(Math.max(1, request.millis()), id -> done.tryComplete(new SlowResponse(left)));
      context.onCancel(() -> {
        vertx.cancelTimer(timer);
        cancelled.add("Say.Slow");
        done.tryFail(MicroException.timeout(name, "deadline passed"));
      });
      return done.future();
    }

    public MetaResponse meta(Empty request, CallContext context) {
      return new MetaResponse(new TreeMap<>(context.metadata().asMap()));
    }

    /** A server stream, which a Go caller cannot read (docs/protocol.md, Streams). */
    public Multi<HelloResponse> greetings(GreetingsRequest request) {
      return Multi.createFrom().range(1, request.count() + 1).map(i -> new HelloResponse("Hello " + request.name() + " #" + i));
    }
  }

  /** {@code Proto.Hello}: Say.Hello for protobuf callers, field 1 in and out, as the Go greeter's. */
  public static final class Proto {
    public StringValue hello(StringValue request) {
      return StringValue.of("Hello " + request.getValue());
    }
  }
}
