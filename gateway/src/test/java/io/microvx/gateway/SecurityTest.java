package io.microvx.gateway;

import io.microvx.metadata.CallContext;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS, JWT (HS256, RS256, expiry, audience), API keys, per route and global; identity as metadata. */
class SecurityTest {

  private static final String SECRET = "a-secret-of-enough-length-for-hs256!";

  public record Who(String subject, String method) {
  }

  /** Says who the gateway says the caller is. */
  public static class Whoami {
    public Who who(Greeting.Request request, CallContext call) {
      return new Who(call.metadata().get("X-Auth-Subject"), call.metadata().get("X-Auth-Method"));
    }
  }

  private final GatewayFixture fx = new GatewayFixture();

  @BeforeEach
  void start() {
    fx.service("greeter", new Greeting.Say());
    fx.service("whoami", new Whoami());
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private GatewayFixture.Reply call(String path, Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return fx.send(HttpMethod.POST, path, all, Buffer.buffer("{\"name\":\"Ada\"}"));
  }

  private String hs256(JsonObject claims, String secret, JWTOptions options) {
    JWTAuth signer = JWTAuth.create(fx.clientVertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return signer.generateToken(claims, options);
  }

  @Test
  void corsPreflightAndSimpleRequests() {
    fx.start(new GatewayOptions().setCors(new CorsOptions().setAllowedOrigins(List.of("https://app.example.com"))));
    GatewayFixture.Reply preflight = fx.send(HttpMethod.OPTIONS, "/greeter/say/hello", Map.of(
      "Origin", "https://app.example.com", "Access-Control-Request-Method", "POST",
      "Access-Control-Request-Headers", "Content-Type"), null);
    assertThat(preflight.status()).isIn(200, 204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
    assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("Content-Type");
    assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");

    GatewayFixture.Reply simple = call("/greeter/say/hello", Map.of("Origin", "https://app.example.com"));
    assertThat(simple.status()).isEqualTo(200);
    assertThat(simple.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");

    GatewayFixture.Reply foreign = call("/greeter/say/hello", Map.of("Origin", "https://evil.example.com"));
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void jwtHs256ValidBadSignatureExpiredWrongAudience() {
    fx.start(new GatewayOptions().setAuth(new AuthOptions().setRequired(true).setJwtSecret(SECRET)
      .setJwtAudience(List.of("micro"))));
    String valid = hs256(new JsonObject().put("sub", "ada"), SECRET, new JWTOptions().setAudience(List.of("micro")).setExpiresInSeconds(60));
    GatewayFixture.Reply ok = call("/whoami/whoami/who", Map.of("Authorization", "Bearer " + valid));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getMap()).containsEntry("subject", "ada").containsEntry("method", "jwt");

    String forged = hs256(new JsonObject().put("sub", "ada"), "another-secret-of-enough-length-!!!!", new JWTOptions().setAudience(List.of("micro")));
    assertUnauthorized(call("/whoami/whoami/who", Map.of("Authorization", "Bearer " + forged)));

    long past = System.currentTimeMillis() / 1000 - 3600;
    String expired = hs256(new JsonObject().put("sub", "ada").put("exp", past).put("iat", past - 60), SECRET,
      new JWTOptions().setAudience(List.of("micro")).setNoTimestamp(true));
    assertUnauthorized(call("/whoami/whoami/who", Map.of("Authorization", "Bearer " + expired)));

    String elsewhere = hs256(new JsonObject().put("sub", "ada"), SECRET, new JWTOptions().setAudience(List.of("other")));
    assertUnauthorized(call("/whoami/whoami/who", Map.of("Authorization", "Bearer " + elsewhere)));

    assertUnauthorized(call("/whoami/whoami/who", Map.of()));
    assertUnauthorized(call("/whoami/whoami/who", Map.of("Authorization", "Bearer not.a.jwt")));
    // health stays open
    assertThat(fx.get("/health").status()).isEqualTo(200);
  }

  @Test
  void jwtRs256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String publicPem = "-----BEGIN PUBLIC KEY-----\n"
      + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
    String privatePem = "-----BEGIN PRIVATE KEY-----\n"
      + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
    fx.start(new GatewayOptions().setAuth(new AuthOptions().setRequired(true).setJwtPublicKey(publicPem)));
    JWTAuth signer = JWTAuth.create(fx.clientVertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(privatePem)));
    String token = signer.generateToken(new JsonObject().put("sub", "grace"), new JWTOptions().setAlgorithm("RS256"));
    GatewayFixture.Reply ok = call("/whoami/whoami/who", Map.of("Authorization", "Bearer " + token));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getString("subject")).isEqualTo("grace");
    // an HS256 token cannot pass where only the RSA key is known
    String hs = hs256(new JsonObject().put("sub", "grace"), SECRET, new JWTOptions());
    assertUnauthorized(call("/whoami/whoami/who", Map.of("Authorization", "Bearer " + hs)));
  }

  @Test
  void apiKeysPerPathAndForgedIdentityDropped() {
    fx.start(new GatewayOptions().setAuth(new AuthOptions().setPaths(List.of("^/whoami/"))
      .setApiKeys(Map.of("k-123", "billing"))));
    GatewayFixture.Reply ok = call("/whoami/whoami/who", Map.of("X-Api-Key", "k-123"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getMap()).containsEntry("subject", "billing").containsEntry("method", "api_key");
    assertUnauthorized(call("/whoami/whoami/who", Map.of("X-Api-Key", "k-124")));
    // a path not listed needs nothing, and an identity the client makes up is not passed on
    GatewayFixture.Reply open = call("/greeter/say/hello", Map.of());
    assertThat(open.status()).isEqualTo(200);
  }

  @Test
  void endpointMetadataCanRequireAuth() {
    Service guarded = new Service("guarded", "1.0.0", Map.of(), List.of(
      new Endpoint("Whoami.Who", null, null, Map.of("auth", "true"))),
      Await.result(fx.registry.getService("whoami")).get(0).nodes());
    Await.result(fx.registry.register(guarded));
    fx.start(new GatewayOptions().setAuth(new AuthOptions().setApiKeys(Map.of("k-1", "ops"))));
    assertUnauthorized(call("/guarded/whoami/who", Map.of()));
    GatewayFixture.Reply ok = call("/guarded/whoami/who", Map.of("X-Api-Key", "k-1"));
    assertThat(new JsonObject(ok.body()).getString("subject")).isEqualTo("ops");
    // the same endpoint under the service that does not ask for it: open, and forged identities dropped
    GatewayFixture.Reply open = call("/whoami/whoami/who", Map.of("X-Auth-Subject", "root"));
    assertThat(open.status()).isEqualTo(200);
    assertThat(new JsonObject(open.body()).getString("subject")).isNull();
  }

  private static void assertUnauthorized(GatewayFixture.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(401);
    assertThat(new JsonObject(reply.body()).getMap()).containsEntry("id", "go.micro.api").containsEntry("code", 401);
  }
}
