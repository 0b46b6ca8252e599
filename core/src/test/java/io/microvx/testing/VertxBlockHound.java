package io.microvx.testing;

import io.vertx.core.Context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Makes a blocking call on any Vert.x event loop fail the test that made it. Picked up by BlockHound's
 * JUnit platform integration through {@code META-INF/services}, in every module whose tests depend on
 * core's test jar.
 */
public final class VertxBlockHound implements BlockHoundIntegration {

  private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

  /** The blocking calls seen since the last call, cleared. {@link BlockingCallsCheck} fails tests on them. */
  public static List<String> takeViolations() {
    List<String> seen = List.copyOf(VIOLATIONS);
    VIOLATIONS.clear();
    return seen;
  }

  /** The frames that led to a blocking call (BlockHound's own left out), so that a failure says where. */
  private static String where() {
    return java.util.Arrays.stream(new Throwable().getStackTrace())
      .map(StackTraceElement::toString)
      .filter(frame -> !frame.startsWith("reactor.blockhound") && !frame.startsWith("io.microvx.testing.VertxBlockHound"))
      .limit(25)
      .collect(java.util.stream.Collectors.joining("\n    at ", "\n    at ", ""));
  }

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder
      // recorded as well as thrown: Vert.x only logs what a callback throws, and the test must still fail
      .blockingMethodCallback(method -> {
        VIOLATIONS.add(method + " on " + Thread.currentThread().getName() + where());
        throw new BlockingOperationError(method);
      })
      .nonBlockingThreadPredicate(current -> current.or(thread -> Context.isOnEventLoopThread()))
      // logging to the console is a blocking write by nature; tests log from event loops on purpose
      .allowBlockingCallsInside("org.slf4j.simple.SimpleLogger", "handleNormalizedLoggingCall")
      .allowBlockingCallsInside("org.slf4j.simple.OutputChoice", "getTargetPrintStream")
      // handing work to a worker pool takes the queue's lock for an instant: contended, BlockHound sees a park
      .allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "execute")
      // and stopping one drains that queue under the same lock: the Vert.x Kafka consumer stops its poll
      // thread so from the event loop when it closes (a park seen once, beside stress --cpu 2)
      .allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "shutdownNow")
      // Vert.x shuts its worker pools down from an event loop (an error there leaves vertx.close() hanging)
      .allowBlockingCallsInside("io.vertx.core.internal.WorkerPool", "close")
      // the JDK reads conf/net.properties once, when the first socket of the process is made
      .allowBlockingCallsInside("sun.net.NetProperties", "<clinit>")
      // a TLS context seeds its SecureRandom from /dev/urandom, which never blocks
      .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "readFully")
      // Vert.x lists the JDK's cipher suites once, at the first TLS connection of the process
      .allowBlockingCallsInside("io.vertx.core.spi.tls.DefaultJDKCipherSuite", "<clinit>")
      // likewise Netty reads the JDK's trust store once, when the first TLS server context of the process is made
      .allowBlockingCallsInside("io.netty.handler.ssl.JdkSslServerContext", "<clinit>")
      // a jnats publication takes its outgoing queue's lock for an instant and never waits for room (the
      // NATS plugin discards when the queue is full): the same hand-off as a worker pool's, contended a park
      .allowBlockingCallsInside("io.nats.client.impl.WriterMessageQueue", "push")
      // Jackson builds a type's deserializer once, under its cache's lock: two threads decoding a type new to
      // the process at the same time contend for that instant (seen with Service Discovery records)
      .allowBlockingCallsInside("com.fasterxml.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
      // the bench's gRPC-java peer: a closing channel hands its executor back to gRPC's shared pool, which
      // schedules the release on a ScheduledThreadPoolExecutor from gRPC's own (shaded Netty) event loop, a
      // queue lock held for an instant (contended once beside stress --cpu 2); not our code, not a wait
      .allowBlockingCallsInside("io.grpc.internal.SharedResourceHolder", "releaseInternal");
  }
}
