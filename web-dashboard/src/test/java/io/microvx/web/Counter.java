package io.microvx.web;

import io.microvx.errors.MicroException;
import io.microvx.testing.Ticks;
import io.smallrye.mutiny.Multi;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Streaming endpoints for the dashboard's stream calls: a finite count, an endless one, one that fails. */
public class Counter {

  public record CountRequest(int count) {
  }

  public record Tick(int n) {
  }

  /** Set when an endless stream was cancelled by its caller. */
  final AtomicBoolean cancelled = new AtomicBoolean();

  public Multi<Tick> count(CountRequest request) {
    return Multi.createFrom().range(0, request.count()).map(Tick::new);
  }

  public Multi<Tick> forever(CountRequest request) {
    return Ticks.every(Duration.ofMillis(5))
      .map(i -> new Tick(i.intValue()))
      .onCancellation().invoke(() -> cancelled.set(true));
  }

  public Multi<Tick> failing(CountRequest request) {
    return Multi.createFrom().range(0, 2).map(Tick::new)
      .onCompletion().switchTo(Multi.createFrom().failure(MicroException.conflict("counter", "ran out at 2")));
  }
}
