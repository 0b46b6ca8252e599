/**
 * What the toolkit's HTTP doors (the proxy, the API gateway, the web dashboard) share to keep browsers'
 * pages and strangers out: the {@code Host}/{@code Origin} guard, loopback rules for where they listen,
 * TLS from PEM files, and a rate-limited log of refused requests.
 */
package io.microvx.security;
