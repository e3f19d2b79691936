package io.kameo.actors;

import java.time.Duration;
import java.util.Objects;

/**
 * How a fan-out actor ({@link PubSub}, {@link Broker}, {@link MessageBus}, {@link MessageQueue})
 * hands a message to a subscriber whose bounded mailbox is full. The default is {@link
 * #bestEffort()}, as in Kameo.
 *
 * <p>Every strategy first tries to queue the message without waiting; they differ only when the
 * subscriber's mailbox is full. A message not delivered is counted in the fan-out actor's {@code
 * dropped()}; a subscriber that has stopped is dropped from the fan-out actor instead.
 */
public sealed interface DeliveryStrategy {

  /** Returns the strategy that waits for room in a full mailbox, as long as it takes. */
  static DeliveryStrategy guaranteed() {
    return Guaranteed.INSTANCE;
  }

  /** Returns the strategy that drops the message for a subscriber whose mailbox is full. */
  static DeliveryStrategy bestEffort() {
    return BestEffort.INSTANCE;
  }

  /**
   * Returns the strategy that waits up to {@code timeout} for room in a full mailbox, then drops
   * the message for that subscriber.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  static DeliveryStrategy timed(Duration timeout) {
    return new Timed(timeout);
  }

  /**
   * Returns the strategy that, for a full mailbox, waits for room on a separate virtual thread, so
   * that the publisher never blocks. Messages a subscriber gets this way may overtake each other.
   */
  static DeliveryStrategy spawned() {
    return Spawned.INSTANCE;
  }

  /**
   * Wait for room in a full mailbox; the publisher blocks meanwhile (up to the subscriber's own
   * mailbox timeout, if it has one; past it the message is dropped).
   */
  record Guaranteed() implements DeliveryStrategy {
    private static final Guaranteed INSTANCE = new Guaranteed();
  }

  /** Drop the message for a subscriber whose mailbox is full; never blocks. */
  record BestEffort() implements DeliveryStrategy {
    private static final BestEffort INSTANCE = new BestEffort();
  }

  /**
   * Wait up to {@code timeout} for room in a full mailbox, then drop the message for that
   * subscriber; the publisher blocks meanwhile.
   *
   * @param timeout the longest wait for each full subscriber, zero or more
   */
  record Timed(Duration timeout) implements DeliveryStrategy {
    /** Checks that {@code timeout} is not negative. */
    public Timed {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must not be negative: " + timeout);
      }
    }
  }

  /**
   * For a full mailbox, wait for room on a new virtual thread; the publisher goes on at once. Such
   * deliveries do not keep the order of the publishes.
   */
  record Spawned() implements DeliveryStrategy {
    private static final Spawned INSTANCE = new Spawned();
  }
}
