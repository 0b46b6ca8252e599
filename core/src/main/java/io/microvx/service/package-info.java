/**
 * Services: {@link io.microvx.service.MicroService} wires registry, selector, transport, client and server
 * from options; {@link io.microvx.service.MicroVerticle} runs one as a verticle.
 */
package io.microvx.service;
