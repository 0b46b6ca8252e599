package io.microvx.gateway.security;

import io.microvx.gateway.handler.CallMetadata;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** API keys as an authentication provider: each key maps to the identity it stands for. */
final class ApiKeys implements AuthenticationProvider {

  private final Map<String, String> identities;
  private final String header;

  ApiKeys(Map<String, String> identities, String header) {
    this.identities = Map.copyOf(identities);
    this.header = header;
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token) || token.getToken() == null) {
      return Future.failedFuture("no API key");
    }
    byte[] presented = token.getToken().getBytes(StandardCharsets.UTF_8);
    String identity = null;
    // compare with every key in constant time: the answer's timing says nothing about near misses
    for (Map.Entry<String, String> entry : identities.entrySet()) {
      if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
        identity = entry.getValue();
      }
    }
    if (identity == null) {
      return Future.failedFuture("unknown API key");
    }
    User user = User.create(new JsonObject().put("sub", identity),
      new JsonObject().put("auth_method", "api_key").put(CallMetadata.CONSUMED_HEADER, header));
    return Future.succeededFuture(user);
  }
}
