package io.microvx.examples.tracing;

import io.microvx.examples.pubsub.Accounts;
import io.microvx.examples.pubsub.MailerVerticle;
import io.microvx.examples.pubsub.Signup;
import io.microvx.examples.pubsub.Welcomer;
import io.microvx.plugin.ServiceWrappers;
import io.microvx.service.MicroService;
import io.microvx.tracing.Tracing;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One trace across three services, drawn as a tree: a signup service's call to accounts, which publishes
 * the signup, which the mailer receives. The services share an OpenTelemetry SDK of the demo's own
 * ({@link Tracing#wrappers}), whose exporter keeps the spans in memory ({@link SpanTree}); a deployment
 * would set {@code MICRO_TRACE_ENDPOINT} instead and look at the trace in its collector.
 */
public final class TracingDemo {

  private TracingDemo() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      run(vertx).toCompletionStage().toCompletableFuture().get().forEach(System.out::println);
    } catch (Exception e) {
      System.err.println("tracing demo failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      System.exit(1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /** The trace of one signup, a line per span, each indented under its parent. */
  static Future<List<String>> run(Vertx vertx) {
    SpanTree tree = new SpanTree();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(tree)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
    ServiceWrappers tracing = Tracing.wrappers(sdk);
    JsonObject config = new JsonObject()
      .put("server_address", "127.0.0.1:0")
      .put("registry", "memory").put("registry_address", "tracing-demo")
      .put("broker", "memory").put("broker_address", "tracing-demo");
    AtomicReference<MicroService> accountsService = new AtomicReference<>();
    List<MicroService> services = new ArrayList<>();
    Promise<Void> delivered = Promise.promise();
    Welcomer welcomer = new Welcomer();
    // building finds plugins on the class path (files): a worker's job
    return vertx.executeBlocking(() -> {
      MicroService accounts = MicroService.builder(vertx).name("accounts").config(config).wrap(tracing)
        .handler(new Accounts(() -> accountsService.get().client())).build();
      accountsService.set(accounts);
      services.add(accounts);
      services.add(MicroService.builder(vertx).name("mailer").config(config).wrap(tracing)
        .subscriber(MailerVerticle.TOPIC, welcomer).build());
      services.add(MicroService.builder(vertx).name("signup").config(config).wrap(tracing).build());
      return services;
    }).compose(built -> Future.all(built.stream().map(MicroService::start).toList()))
      .compose(started -> {
        // the trace is complete when the mailer's delivery span ends
        tree.onEnd("user.signup process", delivered::tryComplete);
        return services.get(2).client().call("accounts", "Accounts.Signup", new Signup("ada@example.com", "pro"),
          Signup.class);
      })
      // the call's spans have ended once its reply is here
      .compose(signedUp -> delivered.future())
      .map(v -> tree.lines())
      .eventually(() -> Future.join(services.stream().map(MicroService::stop).toList()))
      .eventually(() -> {
        // asynchronous: OpenTelemetrySdk.close() would wait for it on this event loop
        Promise<Void> shutdown = Promise.promise();
        sdk.getSdkTracerProvider().shutdown().whenComplete(shutdown::tryComplete);
        return shutdown.future();
      });
  }
}
