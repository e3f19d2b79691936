package io.kameo;

/**
 * The kind of mailbox an actor gets: bounded (the default, capacity {@value #DEFAULT_CAPACITY}) or
 * unbounded.
 *
 * <p>A full bounded mailbox applies backpressure: {@link ActorRef#tell} and {@link ActorRef#ask}
 * block the sender until there is room or the mailbox timeout passes, and {@link ActorRef#tryTell}
 * fails at once. An unbounded mailbox never blocks a sender.
 */
public sealed interface Mailbox {
  /** The capacity of the default mailbox, as in Kameo. */
  int DEFAULT_CAPACITY = 64;

  /** Returns a bounded mailbox holding at most {@code capacity} queued messages. */
  static Mailbox bounded(int capacity) {
    return new Bounded(capacity);
  }

  /** Returns an unbounded mailbox. */
  static Mailbox unbounded() {
    return new Unbounded();
  }

  /**
   * A mailbox that holds at most {@code capacity} messages.
   *
   * @param capacity the maximum number of queued messages, at least 1
   */
  record Bounded(int capacity) implements Mailbox {
    /** Checks that {@code capacity} is at least 1. */
    public Bounded {
      if (capacity < 1) {
        throw new IllegalArgumentException("mailbox capacity must be at least 1: " + capacity);
      }
    }
  }

  /** A mailbox without a limit. */
  record Unbounded() implements Mailbox {}
}
