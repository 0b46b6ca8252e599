package io.microvx.bot;

import io.microvx.client.Client;
import io.microvx.config.MicroConfig;
import io.microvx.registry.Registry;
import io.microvx.registry.RegistryMirror;
import io.microvx.service.MicroService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * micro bot: listens on the chats named by {@code bot_inputs} and answers commands there — micro's
 * built-ins ({@code help}, {@code list services}, {@code call}, …) and every command a service named
 * {@code go.micro.bot.<command>} adds, found live in the registry.
 *
 * <p>Deployed with no arguments (by {@code micro bot} or Vert.x's launcher) it builds its registry and
 * client from its config and {@code MICRO_*} variables, as a service would; {@code micro server} hands it
 * the parts it already has. The inputs are started in order; if one cannot connect the deployment fails
 * with its one-line reason, and the inputs already started are stopped.
 */
public class BotVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(BotVerticle.class);

  private Registry registry;
  private Client client;
  private BotOptions options;
  private final Clock clock;
  private MicroService own;
  private RegistryMirror mirror;
  private ServiceCommands services;
  private Dispatcher dispatcher;
  private final List<Input> inputs = new ArrayList<>();

  /** A bot over parts of its own, made from its config. */
  public BotVerticle() {
    this.clock = Clock.systemUTC();
  }

  /** A bot over the given registry and client. */
  public BotVerticle(Registry registry, Client client, BotOptions options) {
    this(registry, client, options, Clock.systemUTC());
  }

  BotVerticle(Registry registry, Client client, BotOptions options, Clock clock) {
    this.registry = registry;
    this.client = client;
    this.options = new BotOptions(options);
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    Future<Void> parts = registry != null ? Future.succeededFuture() : ownParts();
    return parts.compose(v -> {
      if (options.getInputs().isEmpty()) {
        // the known inputs come from the class path (ServiceLoader reads jars): a worker's job
        return vertx.executeBlocking(() -> String.join(", ", Inputs.available())).compose(known -> Future.failedFuture(
          new IllegalArgumentException("the bot needs an input: set bot_inputs (--inputs) to one or more of " + known)));
      }
      mirror = RegistryMirror.of(vertx, registry);
      return mirror.start();
    }).compose(v -> {
      services = new ServiceCommands(vertx, mirror, client, options.getNamespace(), options.getCommandTimeout());
      return services.start();
    }).compose(v -> {
      dispatcher = new Dispatcher(vertx, options, new Builtins(registry, client, clock, options.getCommandTimeout()), services,
        System::nanoTime);
      // providers come from the class path (ServiceLoader reads jars): a worker's job
      return vertx.executeBlocking(() -> {
        List<Input> made = new ArrayList<>();
        for (String name : options.getInputs()) {
          made.add(Inputs.create(vertx, name, options.getInputOptions()));
        }
        return made;
      });
    }).compose(this::startInputs).onSuccess(v -> log.info("bot listening on {}", String.join(", ", options.getInputs())));
  }

  private Future<Void> startInputs(List<Input> made) {
    Future<Void> chain = Future.succeededFuture();
    for (Input input : made) {
      chain = chain.compose(v -> input.start(dispatcher)
        .recover(failure -> Future.failedFuture(new IllegalStateException("bot input " + input.name() + ": "
          + Chat.firstLine(failure.getMessage()), failure)))
        .onSuccess(started -> inputs.add(input)));
    }
    return chain.recover(failure -> stopInputs().transform(x -> Future.failedFuture(failure)));
  }

  private Future<Void> ownParts() {
    JsonObject config = MicroConfig.load(config(), System.getenv(), List.of());
    options = new BotOptions(config);
    // building reads plugins from the class path: a worker's job, not the event loop's
    return vertx.executeBlocking(() -> MicroService.builder(vertx).name("go.micro.bot").config(config).build())
      .compose(service -> {
        own = service;
        registry = service.registry();
        client = service.client();
        return Future.succeededFuture();
      });
  }

  /** What answers the inputs' messages (a test or an input of one's own may talk to it directly). */
  public Conversation conversation() {
    return dispatcher;
  }

  /** The inputs running, in the order started. */
  public List<Input> inputs() {
    return List.copyOf(inputs);
  }

  /** The commands services add now: name to the service that adds it. */
  public Map<String, String> serviceCommands() {
    Map<String, String> byName = new java.util.TreeMap<>();
    services.commands().forEach((name, command) -> byName.put(name, command.service()));
    return byName;
  }

  public BotOptions options() {
    return new BotOptions(options);
  }

  private Future<Void> stopInputs() {
    List<Future<Void>> stopped = new ArrayList<>();
    for (Input input : inputs) {
      stopped.add(input.stop());
    }
    inputs.clear();
    return Future.join(stopped).mapEmpty();
  }

  @Override
  public Future<?> stop() {
    return stopInputs()
      .eventually(() -> {
        if (services != null) {
          services.stop();
        }
        return mirror == null ? Future.succeededFuture() : mirror.close();
      })
      .eventually(() -> own == null ? Future.succeededFuture() : own.stop());
  }
}
