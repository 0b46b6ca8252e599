package io.microvx.registry;

/**
 * A registry change: the action and the service version it touched, holding only the nodes concerned.
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
