/**
 * Codecs by content type: {@code application/json} (default for Java services), {@code application/protobuf}
 * and {@code application/octet-stream}, gathered in {@link io.microvx.codec.Codecs}.
 */
package io.microvx.codec;
