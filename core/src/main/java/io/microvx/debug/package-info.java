/** The {@code Debug} endpoints every service serves: {@code Debug.Health} and {@code Debug.Stats}. */
package io.microvx.debug;
