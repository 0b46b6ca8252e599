package io.microvx.selector;

import io.microvx.registry.Node;

/** A node chosen for one call attempt. Report the outcome exactly once. */
public interface Selection {

  Node node();

  /**
   * Reports how the attempt ended: {@code null} when the node answered (an application error is still an
   * answer), otherwise the fault that kept it from answering (refused or lost connection, transport error,
   * timeout). Consecutive faults eject the node.
   */
  void done(Throwable nodeFault);
}
