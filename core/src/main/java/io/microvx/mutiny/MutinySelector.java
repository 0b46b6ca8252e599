package io.microvx.mutiny;

import io.microvx.selector.NodeStatus;
import io.microvx.selector.SelectOptions;
import io.microvx.selector.Selection;
import io.microvx.selector.Selector;
import io.smallrye.mutiny.Uni;

import java.util.List;

/** A {@link Selector} with Mutiny types. Same selector underneath. */
public final class MutinySelector {

  private final Selector selector;

  private MutinySelector(Selector selector) {
    this.selector = selector;
  }

  public static MutinySelector of(Selector selector) {
    return new MutinySelector(selector);
  }

  public Selector delegate() {
    return selector;
  }

  /** A node for one attempt; report how it went through {@link Selection#done}. */
  public Uni<Selection> select(String service, SelectOptions options) {
    return Mutiny.uni(() -> selector.select(service, options));
  }

  public List<NodeStatus> status(String service) {
    return selector.status(service);
  }

  public Uni<Void> close() {
    return Mutiny.uni(selector::close);
  }
}
