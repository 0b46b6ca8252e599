package io.microvx.registry;

/**
 * One change to one service version: the action, and the version with only the nodes concerned (never
 * the version's other nodes). How a reader folds it into what it knows is {@link Services#merge}:
 *
 * <ul>
 *   <li>{@link Action#CREATE} and {@link Action#UPDATE} carry the version's current metadata and endpoints
 *   and the nodes added or changed; both add or replace those nodes (a backend may send CREATE for a node
 *   new to a known version, as etcd does per key). An UPDATE may carry no node at all when only the
 *   metadata or endpoints changed.</li>
 *   <li>{@link Action#DELETE} carries the nodes gone from that version; the version goes with its last
 *   node. A <em>versionless</em> DELETE (service version {@code null}) removes the named nodes from every
 *   version of the service, for backends that do not know the version of what went (an etcd delete, an
 *   mDNS goodbye). A DELETE naming no node removes nothing.</li>
 * </ul>
 */
public record WatchEvent(Action action, Service service, long timestamp) {

  /** go-micro's result actions. */
  public enum Action {
    CREATE("create"), UPDATE("update"), DELETE("delete");

    private final String wireName;

    Action(String wireName) {
      this.wireName = wireName;
    }

    /** As go-micro spells it: {@code create}, {@code update}, {@code delete}. */
    public String wireName() {
      return wireName;
    }

    public static Action fromWire(String name) {
      for (Action action : values()) {
        if (action.wireName.equalsIgnoreCase(name)) {
          return action;
        }
      }
      throw new IllegalArgumentException("unknown watch action: " + name);
    }
  }

  public WatchEvent(Action action, Service service) {
    this(action, service, System.currentTimeMillis());
  }
}
