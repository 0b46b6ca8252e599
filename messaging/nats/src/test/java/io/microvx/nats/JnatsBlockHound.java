package io.microvx.nats;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What jnats does on the publishing thread that BlockHound would take for blocking. A publication takes
 * the outgoing queue's lock and offers the message: with {@code discardMessagesWhenOutgoingQueueFull}
 * (set by {@link NatsConnector}) the offer never waits for room, and the lock is held by other publishers
 * only for that instant; contended, it shows as a park.
 */
public final class JnatsBlockHound implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.allowBlockingCallsInside("io.nats.client.impl.WriterMessageQueue", "push");
  }
}
