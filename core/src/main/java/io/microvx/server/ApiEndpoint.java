package io.microvx.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the API gateway routes to this handler method, as go-micro's {@code api.WithEndpoint}: written into
 * the endpoint's registry metadata ({@code path}, {@code method}, {@code host}, {@code handler},
 * {@code auth}), where the gateway's registry router reads it. For example
 * {@code @ApiEndpoint(path = "^/notes$", method = "POST")} serves {@code POST /notes}. The same options
 * can be given without the annotation: {@code MicroService.Builder.endpoint("Notes.Create", new EndpointOptions()...)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiEndpoint {

  /** Path patterns (regular expressions, matched as Go's {@code MatchString}: {@code ^/notes$} to anchor); at least one. */
  String[] path();

  /** HTTP methods (any when empty). */
  String[] method() default {};

  /** Hosts (any when empty). */
  String[] host() default {};

  /** The gateway handler: {@code rpc} (default), {@code api}, {@code http}, {@code web} or {@code event}. */
  String handler() default "rpc";

  /** Whether the gateway asks for a credential before routing here. */
  boolean auth() default false;

  /** A description, shown with the endpoint. */
  String description() default "";
}
