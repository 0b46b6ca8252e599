package io.microvx.cli;

import io.microvx.examples.notes.NotesVerticle;
import io.microvx.gateway.GatewayVerticle;
import io.microvx.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notes example declares its routes (POST /notes by annotation, GET /notes by the builder) and the
 * API gateway, finding them in the registry, routes by path and method.
 */
class NotesRoutesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void theGatewayRoutesTheNotesExampleByPathAndMethod() throws Exception {
    JsonObject shared = new JsonObject().put("registry", "memory").put("registry_address", "notes-routes")
      .put("broker", "memory");
    Await.result(vertx.deployVerticle(new NotesVerticle(), new DeploymentOptions()
      .setConfig(shared.copy().put("server_address", "127.0.0.1:0"))));
    GatewayVerticle gateway = new GatewayVerticle();
    Await.result(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(shared.copy().put("api_address", "127.0.0.1:0"))));
    URI notes = URI.create("http://127.0.0.1:" + gateway.gateway().port() + "/notes");
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> created = http.send(HttpRequest.newBuilder(notes).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"buy milk\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(new JsonObject(created.body())).isEqualTo(new JsonObject().put("id", 1).put("text", "buy milk"));

    HttpResponse<String> listed = http.send(HttpRequest.newBuilder(notes).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    assertThat(new JsonObject(listed.body()).getJsonArray("notes").getJsonObject(0).getString("text")).isEqualTo("buy milk");

    // neither route takes DELETE: the gateway routes by method, not only by path
    HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(notes).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isIn(404, 405);
    HttpResponse<String> listedAgain = http.send(HttpRequest.newBuilder(notes).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonObject(listedAgain.body()).getJsonArray("notes")).hasSize(1);
  }
}
