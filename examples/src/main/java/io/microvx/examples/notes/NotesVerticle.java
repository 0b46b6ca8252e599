package io.microvx.examples.notes;

import io.microvx.server.EndpointOptions;
import io.microvx.service.MicroService;
import io.microvx.service.MicroVerticle;

/**
 * The notes service, named under the gateway's route namespace ({@code go.micro.api}) so that its routes
 * count: {@code micro run examples/target/greeter.jar --verticle io.microvx.examples.notes.NotesVerticle},
 * then through micro server's gateway {@code curl -X POST localhost:8080/notes -d '{"text":"buy milk"}'} and
 * {@code curl localhost:8080/notes}.
 */
public class NotesVerticle extends MicroVerticle {

  @Override
  protected void configure(MicroService.Builder service) {
    service.name("go.micro.api.notes").version("1.0.0").handler(new Notes())
      // the builder form of @ApiEndpoint, as go-micro's api.WithEndpoint
      .endpoint("Notes.List", new EndpointOptions().setPath("^/notes$").setMethod("GET").setDescription("Lists the notes"));
  }
}
