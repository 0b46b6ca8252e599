package io.microvx.web.api;

import io.microvx.client.CallOptions;
import io.microvx.client.Client;
import io.microvx.errors.MicroException;
import io.microvx.web.WebDashboardOptions;
import io.microvx.registry.Registry;
import io.microvx.registry.RegistryMirror;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API the dashboard's pages use, under {@code /_/api/} (a path no web service name can take),
 * plus micro web's {@code POST /rpc}:
 *
 * <ul>
 *   <li>{@code GET services}, {@code GET service?name=}: the registry view;</li>
 *   <li>{@code GET events}: the same, live, as server-sent events;</li>
 *   <li>{@code GET nodes?service=}: Debug.Health and Debug.Stats of each node;</li>
 *   <li>{@code GET overview}: the overview's last round with 15 minutes of each series
 *   ({@code ?history=false}: without them);</li>
 *   <li>{@code POST call}, {@code POST stream}, {@code POST publish}, {@code POST terminal}: calls through the
 *   client;</li>
 *   <li>{@code POST deregister}: takes a node that no longer answers out of the registry.</li>
 * </ul>
 */
public final class DashboardApi {

  private static final Logger log = LoggerFactory.getLogger(DashboardApi.class);

  /** Where the API lives. */
  public static final String PREFIX = "/_/api";

  private final RegistryMirror view;
  private final Client client;
  private final WebDashboardOptions options;
  private final ServiceCalls calls;
  private final EventStream events;
  private final CallApi callApi;
  private final Terminal terminal;
  private final NodeRemoval removal;
  private final Overview overview;

  private DashboardApi(Vertx vertx, Registry registry, RegistryMirror view, Client client, WebDashboardOptions options) {
    this.view = view;
    this.client = client;
    this.options = options;
    this.calls = new ServiceCalls(client, view, options.getMaxCallTimeout());
    this.overview = new Overview(vertx, view, calls, options.getOverviewInterval());
    this.events = new EventStream(vertx, view, options.getNamespace(), overview);
    this.callApi = new CallApi(calls);
    this.terminal = new Terminal(view, calls, client);
    this.removal = new NodeRemoval(registry, view, calls);
  }

  /**
   * @param registry where a dead node is deregistered
   * @param view     the registry as the pages see it (the mirror of that registry)
   */
  public static DashboardApi create(Vertx vertx, Registry registry, RegistryMirror view, Client client,
                                    WebDashboardOptions options) {
    return new DashboardApi(vertx, registry, view, client, options);
  }

  /** Adds the API's routes to the router. */
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(options.getMaxBodySize());
    router.get(PREFIX + "/services").handler(this::services);
    router.get(PREFIX + "/service").handler(this::service);
    router.get(PREFIX + "/nodes").handler(this::nodes);
    router.get(PREFIX + "/overview").handler(this::overview);
    router.get(PREFIX + "/events").handler(events::open);
    router.post(PREFIX + "/call").handler(body).handler(callApi::call);
    router.post(PREFIX + "/stream").handler(body).handler(callApi::stream);
    router.post(PREFIX + "/publish").handler(body).handler(this::publish);
    router.post(PREFIX + "/terminal").handler(body).handler(terminal::run);
    router.post(PREFIX + "/deregister").handler(body).handler(removal::deregister);
    router.post("/rpc").handler(body).handler(callApi::rpc);
    router.route(PREFIX + "/*").handler(ctx -> Replies.error(ctx,
      MicroException.notFound(Replies.ID, "no such API %s %s", ctx.request().method(), ctx.request().path())));
    router.route(PREFIX + "/*").failureHandler(this::failure);
    router.route("/rpc").failureHandler(this::failure);
  }

  /** Starts what the API gathers by itself: the overview's sampling. */
  public void start() {
    overview.start();
  }

  /** Stops it. */
  public void close() {
    overview.close();
  }

  private void overview(RoutingContext ctx) {
    Replies.json(ctx, overview.snapshot(!"false".equals(ctx.request().getParam("history"))));
  }

  private void failure(RoutingContext ctx) {
    if (ctx.failure() != null) {
      if (!(ctx.failure() instanceof MicroException)) {
        log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      }
      Replies.error(ctx, ctx.failure() instanceof MicroException ? ctx.failure()
        : MicroException.internalServerError(Replies.ID, "the dashboard failed to handle the request"));
    } else if (ctx.statusCode() == 413) {
      Replies.error(ctx, new MicroException(Replies.ID, "the body exceeds " + options.getMaxBodySize() + " bytes", 413));
    } else {
      Replies.error(ctx, new MicroException(Replies.ID, "request refused", ctx.statusCode() > 0 ? ctx.statusCode() : 500));
    }
  }

  private void services(RoutingContext ctx) {
    Replies.json(ctx, ServiceJson.summaries(view, options.getNamespace()));
  }

  private void service(RoutingContext ctx) {
    String name = ctx.request().getParam("name");
    if (name == null || view.service(name).isEmpty()) {
      Replies.error(ctx, MicroException.notFound(Replies.ID, "service %s not found", name));
      return;
    }
    Replies.json(ctx, ServiceJson.service(view, name, options.getNamespace()));
  }

  private void nodes(RoutingContext ctx) {
    String name = ctx.request().getParam("service");
    if (name == null || view.service(name).isEmpty()) {
      Replies.error(ctx, MicroException.notFound(Replies.ID, "service %s not found", name));
      return;
    }
    calls.nodes(name).onSuccess(reports -> {
      JsonArray list = new JsonArray();
      for (ServiceCalls.NodeReport report : reports) {
        list.add(ServiceJson.node(report.node())
          .put("version", report.version())
          .put("health", report.health().toJson())
          .put("stats", report.stats().toJson()));
      }
      Replies.json(ctx, new JsonObject().put("service", name).put("nodes", list));
    }).onFailure(failure -> Replies.error(ctx, failure));
  }

  private void publish(RoutingContext ctx) {
    JsonObject json = Replies.body(ctx);
    String topic = json.getString("topic");
    if (topic == null || topic.isBlank()) {
      throw MicroException.badRequest(Replies.ID, "topic is required");
    }
    Object message = json.getValue("message", new JsonObject());
    if (message instanceof String text) {
      try {
        message = new JsonObject(text);
      } catch (RuntimeException e) {
        throw MicroException.badRequest(Replies.ID, "the message is not a JSON object");
      }
    }
    if (!(message instanceof JsonObject object)) {
      throw MicroException.badRequest(Replies.ID, "the message must be a JSON object");
    }
    long began = System.nanoTime();
    client.publish(topic.strip(), object.toBuffer(), new CallOptions().setContentType("application/json"))
      .onSuccess(v -> Replies.json(ctx, new JsonObject().put("ok", true).put("latencyMs", (System.nanoTime() - began) / 1e6)))
      .onFailure(failure -> Replies.error(ctx, failure));
  }
}
