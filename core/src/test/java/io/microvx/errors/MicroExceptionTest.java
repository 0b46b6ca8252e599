package io.microvx.errors;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicroExceptionTest {

  @Test
  void factoriesCarryGoMicrosCodesAndStatusTexts() {
    assertThat(MicroException.badRequest("svc", "bad %s", "input").toJsonObject())
      .isEqualTo(new JsonObject().put("id", "svc").put("code", 400).put("detail", "bad input").put("status", "Bad Request"));
    assertThat(MicroException.unauthorized("s", "x").status()).isEqualTo("Unauthorized");
    assertThat(MicroException.forbidden("s", "x").code()).isEqualTo(403);
    assertThat(MicroException.notFound("s", "x").status()).isEqualTo("Not Found");
    assertThat(MicroException.methodNotAllowed("s", "x").status()).isEqualTo("Method Not Allowed");
    assertThat(MicroException.timeout("s", "x").status()).isEqualTo("Request Timeout");
    assertThat(MicroException.conflict("s", "x").status()).isEqualTo("Conflict");
    assertThat(MicroException.internalServerError("s", "x").status()).isEqualTo("Internal Server Error");
    assertThat(new MicroException("s", "x", 499).status()).as("no standard phrase, as Go").isEmpty();
  }

  @Test
  void parsesGoMicrosJsonBackIntoTheSameFields() {
    MicroException original = MicroException.conflict("go.micro.srv.x", "already \"there\"");
    MicroException parsed = MicroException.parse(original.toJson());
    assertThat(parsed.id()).isEqualTo("go.micro.srv.x");
    assertThat(parsed.code()).isEqualTo(409);
    assertThat(parsed.detail()).isEqualTo("already \"there\"");
    assertThat(parsed.status()).isEqualTo("Conflict");
    assertThat(parsed.getStackTrace()).as("wire errors carry no local stack").isEmpty();
  }

  @Test
  void plainTextFromGoFrameworkErrorsBecomesDetailWithCodeZero() {
    MicroException parsed = MicroException.parse("rpc: can't find service Foo");
    assertThat(parsed.code()).isZero();
    assertThat(parsed.detail()).isEqualTo("rpc: can't find service Foo");
    assertThat(parsed.id()).isEmpty();
    assertThat(MicroException.parse("{not json").detail()).isEqualTo("{not json");
    assertThat(MicroException.parse("{\"code\":\"oops\"}").code()).isZero();
  }

  @Test
  void foreignFailuresBecome500sSayingNothingOfTheirMessage() {
    MicroException wrapped = MicroException.from("svc", new IllegalStateException("disk full"));
    assertThat(wrapped.code()).isEqualTo(500);
    assertThat(wrapped.detail()).isEqualTo("internal error");
    assertThat(wrapped.toJson()).doesNotContain("IllegalStateException").doesNotContain("disk full");
    assertThat(wrapped.getCause()).hasMessage("disk full");
    assertThat(MicroException.from("svc", new NullPointerException("x is null"), "r-1").detail())
      .isEqualTo("internal error (request id r-1)");
    MicroException same = MicroException.notFound("a", "b");
    assertThat(MicroException.from("svc", same)).isSameAs(same);
  }
}
