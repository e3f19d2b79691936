package io.kameo.registry;

import io.kameo.ActorId;
import java.io.Serial;

/**
 * A name could not be registered in an {@link ActorRegistry} because a live actor holds it. The
 * holder keeps the name until it is unregistered or the holder stops for good.
 */
public final class NameTakenException extends IllegalStateException {
  @Serial private static final long serialVersionUID = 1L;

  private final String name;
  private final transient ActorId holder;

  NameTakenException(String name, ActorId holder, String message) {
    super(message);
    this.name = name;
    this.holder = holder;
  }

  /** Returns the name that is taken. */
  public String name() {
    return name;
  }

  /** Returns the id of the actor that holds the name. */
  public ActorId holder() {
    return holder;
  }
}
