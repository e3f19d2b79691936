package io.kameo.spi;

import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.StopReason;
import java.util.Objects;

/**
 * INTERNAL API. Lets a module that links actors across nodes ({@code kameo-remote}) tell a local
 * actor that a linked actor elsewhere stopped: the signal runs that actor's {@code onLinkDied} on
 * its own thread, as a local link's does. Applications do not call it.
 *
 * <p>Memory consistency effects: actions of a thread before {@link #linkDied} happen-before the
 * target's {@code onLinkDied} runs for that signal.
 */
public final class LinkSignals {
  /** What {@code io.kameo} installs: delivers one signal to one actor. */
  @FunctionalInterface
  public interface Delivery {
    /** Queues the signal that {@code id} stopped for {@code reason} on {@code to}. */
    void linkDied(ActorRef<?> to, ActorId id, StopReason reason);
  }

  private static volatile Delivery delivery;

  private LinkSignals() {}

  /**
   * Installs the delivery; {@code io.kameo} calls it once, while {@link ActorRef} initializes.
   *
   * @throws IllegalStateException if one is installed already
   */
  public static void install(Delivery d) {
    Objects.requireNonNull(d, "delivery");
    if (delivery != null) {
      throw new IllegalStateException("link signals are installed already");
    }
    delivery = d;
  }

  /**
   * Tells {@code to} that the actor {@code id} (on another node) stopped for {@code reason}; its
   * {@code onLinkDied} decides what happens. Does nothing if {@code to} already stopped.
   */
  public static void linkDied(ActorRef<?> to, ActorId id, StopReason reason) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    // `to` exists, so ActorRef is initialized and its static initializer installed the delivery
    delivery.linkDied(to, id, reason);
  }
}
