package io.microvx.examples.bot;

import io.microvx.service.MicroService;
import io.microvx.service.MicroVerticle;

/**
 * The {@code weather} bot command as a service verticle: {@code go.micro.bot.weather}. With micro bot
 * running against the same registry, {@code weather Oslo} in chat is answered {@code sunny in Oslo}.
 */
public class WeatherCommandVerticle extends MicroVerticle {

  @Override
  protected void configure(MicroService.Builder service) {
    service.name("go.micro.bot.weather").version("1.0.0").handler(new Command());
  }
}
