package io.microvx.codec;

import io.vertx.core.buffer.Buffer;

/**
 * A value that knows its own protobuf encoding. Lets small built-in messages (such as the Debug
 * endpoints' replies) answer protobuf callers without generated classes or protobuf-java.
 */
public interface ProtobufWritable {

  /** The protobuf wire bytes of this value. */
  Buffer toProtobuf();
}
