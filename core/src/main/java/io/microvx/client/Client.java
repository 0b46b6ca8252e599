package io.microvx.client;

import io.microvx.codec.Codecs;
import io.microvx.registry.CachingRegistry;
import io.microvx.selector.Selector;
import io.microvx.selector.SelectorOptions;
import io.microvx.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Calls services by name, go-micro's {@code client.Client}.
 *
 * <p>A call finds a node through the {@link Selector} (from the registry cache: no registry round trip),
 * sends the request with go-micro's headers and its remaining deadline, and retries connection failures,
 * 408 and 5xx on another node, within a {@link RetryBudget}. Idempotent calls that are slow to answer are
 * hedged on a second node ({@link HedgeOptions}); {@link #stats()} counts retries and hedges. A
 * {@link io.microvx.errors.MicroException} is what a failed call fails with: the service's own error, or
 * 404 (unknown service), 408 (deadline), 503 (no node) from the client.
 * Requests and replies go through the codec of the call's content type ({@code application/json} by
 * default); {@code Buffer} or {@code byte[]} pass raw.
 */
public interface Client {

  /** Calls {@code Type.Method} of a service with the client's defaults. */
  default <T> Future<T> call(String service, String endpoint, Object request, Class<T> responseType) {
    return call(service, endpoint, request, responseType, new CallOptions());
  }

  <T> Future<T> call(String service, String endpoint, Object request, Class<T> responseType, CallOptions options);

  /**
   * Opens a stream to a streaming endpoint. For a server-streaming endpoint send the one request and
   * {@link CallStream#end()}; for a bidirectional one send and read as you like.
   */
  <Req, Resp> Future<CallStream<Req, Resp>> stream(String service, String endpoint, Class<Resp> responseType,
                                                   CallOptions options);

  /** Opens a server stream: sends the one request, ends the sending side, returns the replies. */
  default <Resp> Future<CallStream<Object, Resp>> stream(String service, String endpoint, Object request,
                                                         Class<Resp> responseType, CallOptions options) {
    return this.<Object, Resp>stream(service, endpoint, responseType, options)
      .compose(stream -> stream.send(request).compose(v -> stream.end()).map(stream));
  }

  /**
   * Publishes a message to a topic through the client's broker: encoded by the call's content type, with
   * {@code Micro-Topic}, a {@code Micro-Id}, {@code Content-Type} and the call's metadata as headers.
   * Completes when the broker accepted it.
   */
  default Future<Void> publish(String topic, Object message) {
    return publish(topic, message, new CallOptions());
  }

  Future<Void> publish(String topic, Object message, CallOptions options);

  ClientOptions options();

  /** Retries, retries the budget refused, hedges sent and won since the client was built. */
  default ClientStats stats() {
    return ClientStats.NONE;
  }

  Codecs codecs();

  /** Closes the transport's connections. The registry and selector belong to whoever passed them in. */
  Future<Void> close();

  static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  /** Assembles a client; the transport and either a selector or a registry cache are required. */
  final class Builder {
    private final Vertx vertx;
    private CachingRegistry registry;
    private Selector selector;
    private Transport transport;
    private io.microvx.broker.Broker broker;
    private Codecs codecs = Codecs.defaults();
    private ClientOptions options = new ClientOptions();
    private Backoff backoff = Backoff.exponential();
    private RetryBudget retryBudget;
    private LongSupplier clock = System::nanoTime;
    private java.time.Clock wallClock = java.time.Clock.systemUTC();
    private final List<CallWrapper> wrappers = new ArrayList<>();
    private final List<CallWrapper> attemptWrappers = new ArrayList<>();

    private Builder(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    public Builder registry(CachingRegistry registry) {
      this.registry = registry;
      return this;
    }

    public Builder selector(Selector selector) {
      this.selector = selector;
      return this;
    }

    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    public Builder codecs(Codecs codecs) {
      this.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    /** The broker {@link #publish} goes through. */
    public Builder broker(io.microvx.broker.Broker broker) {
      this.broker = broker;
      return this;
    }

    public Builder options(ClientOptions options) {
      this.options = new ClientOptions(options);
      return this;
    }

    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** A retry budget of your own (shared with other clients, or on a test's clock) instead of the options'. */
    public Builder retryBudget(RetryBudget retryBudget) {
      this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
      return this;
    }

    /** The clock of nanoseconds the retry budget and the hedging latencies read; {@link System#nanoTime()} by default. */
    public Builder clock(LongSupplier nanoClock) {
      this.clock = Objects.requireNonNull(nanoClock, "clock");
      return this;
    }

    /**
     * The wall clock a publication made inside a handler reads to turn the served call's remaining time
     * (measured on the {@link #clock(LongSupplier) nano clock}) into the message's epoch deadline
     * ({@link io.microvx.broker.Deadlines}); the system's UTC clock by default.
     */
    public Builder wallClock(java.time.Clock wallClock) {
      this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
      return this;
    }

    /** Adds a wrapper around each whole call (retries included); the first added is outermost. */
    public Builder wrap(CallWrapper wrapper) {
      wrappers.add(Objects.requireNonNull(wrapper, "wrapper"));
      return this;
    }

    /** Adds a wrapper around each attempt, once its node is chosen; the first added is outermost. */
    public Builder wrapAttempt(CallWrapper wrapper) {
      attemptWrappers.add(Objects.requireNonNull(wrapper, "wrapper"));
      return this;
    }

    public Client build() {
      Objects.requireNonNull(transport, "a client needs a transport");
      Selector chosen = selector;
      if (chosen == null) {
        Objects.requireNonNull(registry, "a client needs a selector or a registry");
        chosen = Selector.create(registry, new SelectorOptions());
      }
      CallWrapper attempts = compose(attemptWrappers);
      ClientCounters counters = new ClientCounters();
      RetryBudget budget = retryBudget != null ? retryBudget : RetryBudget.create(options.getRetryBudget(), clock);
      Call pipeline = new NodeCall(chosen, transport, attempts);
      pipeline = new HedgeWrapper(vertx, options.getHedge(), budget, counters, clock).wrap(pipeline);
      pipeline = new RetryWrapper(vertx, options, backoff, budget, counters).wrap(pipeline);
      pipeline = CallWrapper.deadline(options).wrap(pipeline);
      CallWrapper outer = compose(wrappers);
      if (outer != null) {
        pipeline = outer.wrap(pipeline);
      }
      return new DefaultClient(options, codecs, chosen, transport, broker, pipeline, counters, budget, clock, wallClock);
    }

    private static CallWrapper compose(List<CallWrapper> list) {
      if (list.isEmpty()) {
        return null;
      }
      List<CallWrapper> copy = List.copyOf(list);
      return next -> {
        Call call = next;
        for (int i = copy.size() - 1; i >= 0; i--) {
          call = copy.get(i).wrap(call);
        }
        return call;
      };
    }
  }
}
