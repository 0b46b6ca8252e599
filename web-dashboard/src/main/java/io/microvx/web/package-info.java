/**
 * micro web on Vert.x: {@link io.microvx.web.WebDashboardVerticle}, its
 * {@link io.microvx.web.WebDashboardOptions}, and the router tying together the registry view
 * ({@code registry}), the JSON API the pages use ({@code api}), the reverse proxy to web services
 * ({@code proxy}) and sign-in, host and content-security checks ({@code security}).
 */
package io.microvx.web;
