/** Test stand-ins that behave like the real parts they replace. */
package io.microvx.gateway.fake;
