package io.microvx.broker.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One assigned partition of a subscription: its offsets in flight, in order, and how far they may be
 * committed (the offset after the last of an unbroken run of settled records). Written on the
 * subscription's context; the polling thread reads the volatile fields when the partition is revoked.
 */
final class Partition {

  final TopicPartition tp;
  /** Offsets handed out and not yet settled, in order (each once, whatever its redeliveries). */
  private final ArrayDeque<Long> inFlight = new ArrayDeque<>();
  private final Set<Long> settledAhead = new HashSet<>();
  volatile long commitPoint = -1;
  volatile long committed = -1;
  /** Taken away (or the subscription closed): nothing of it is committed from now on. */
  volatile boolean revoked;
  private volatile int outstanding;

  Partition(TopicPartition tp) {
    this.tp = tp;
  }

  void delivered(long offset) {
    inFlight.add(offset);
    outstanding = inFlight.size();
  }

  /** Marks the offset settled; returns whether the commit point moved. */
  boolean settle(long offset) {
    settledAhead.add(offset);
    boolean moved = false;
    while (!inFlight.isEmpty() && settledAhead.remove(inFlight.peekFirst())) {
      commitPoint = inFlight.pollFirst() + 1;
      moved = true;
    }
    outstanding = inFlight.size();
    return moved;
  }

  /** Records handed out and not settled yet. */
  int outstanding() {
    return outstanding;
  }

  /** Whether there is something settled that the group does not have yet. */
  boolean ahead() {
    return commitPoint > committed;
  }
}
