package io.microvx.examples.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.microvx.examples.greeter.HelloRequest;
import io.microvx.examples.greeter.HelloResponse;
import io.microvx.examples.greeter.Say;

/**
 * The greeter's handler with a meter of its own beside the ones every service keeps: how long the names it
 * greets are ({@code greeter_name_length_characters} in Prometheus' format). The meter goes in the service's
 * registry ({@code MicroService.metrics().registry()}), so it is served with the rest at {@code /metrics}.
 */
public class MeteredGreeter {

  private final Say say = new Say();
  private final DistributionSummary nameLength;

  public MeteredGreeter(MeterRegistry registry) {
    this.nameLength = DistributionSummary.builder("greeter.name.length")
      .description("Length of the names greeted")
      .baseUnit("characters")
      .register(registry);
  }

  public HelloResponse hello(HelloRequest request) {
    HelloResponse response = say.hello(request);
    nameLength.record(request.name().length());
    return response;
  }
}
