package io.kameo.actors;

import io.kameo.SendException;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to subscribers as one {@link DeliveryStrategy} says, and counts the messages it
 * dropped. Thread-safe; used by every fan-out actor.
 */
final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
  private static final ThreadFactory SPAWNED =
      Thread.ofVirtual().name("kameo-delivery-", 0).factory();

  /** What became of one message for one subscriber. */
  enum Outcome {
    /** Queued in the subscriber's mailbox, or handed to a delivery thread (spawned). */
    DELIVERED,
    /** Not delivered: the mailbox stayed full (counted in {@link #dropped()}). */
    DROPPED,
    /** Not delivered: the subscriber's actor has stopped (its death-watch drops it). */
    STOPPED
  }

  private final DeliveryStrategy strategy;
  private final LongAdder dropped = new LongAdder();

  /** Returns a delivery with {@code strategy}. */
  Delivery(DeliveryStrategy strategy) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
  }

  /** Returns the strategy. */
  DeliveryStrategy strategy() {
    return strategy;
  }

  /** Returns how many messages were dropped for full mailboxes so far. */
  long dropped() {
    return dropped.sum();
  }

  /** Counts one message dropped elsewhere (e.g. routed to no one who could take it). */
  void countDropped() {
    dropped.increment();
  }

  /**
   * Delivers {@code message} to {@code to} if its filter accepts it; returns 1 if it was delivered,
   * else 0.
   *
   * @throws SendException.Interrupted if the publisher was interrupted while it waited for room
   */
  <M> int deliverIfAccepted(Subscriber<M> to, M message) {
    return to.accepts(message) && deliver(to, message) == Outcome.DELIVERED ? 1 : 0;
  }

  /**
   * Delivers {@code message} to {@code to} as the strategy says (the filter is the caller's
   * business).
   *
   * @throws SendException.Interrupted if the publisher was interrupted while it waited for room
   */
  <M> Outcome deliver(Subscriber<M> to, M message) {
    try {
      if (to.tryTell(message)) {
        return Outcome.DELIVERED;
      }
      return whenFull(to, message);
    } catch (SendException.ActorNotRunning e) {
      return Outcome.STOPPED;
    }
  }

  /**
   * Delivers {@code message} to {@code to}, whose mailbox was just found full, as the strategy
   * says.
   *
   * @throws SendException.Interrupted if the publisher was interrupted while it waited for room
   */
  <M> Outcome whenFull(Subscriber<M> to, M message) {
    try {
      switch (strategy) {
        case DeliveryStrategy.BestEffort b -> {
          dropped.increment();
          return Outcome.DROPPED;
        }
        case DeliveryStrategy.Guaranteed g -> to.tell(message);
        case DeliveryStrategy.Timed t -> to.tell(message, t.timeout());
        case DeliveryStrategy.Spawned s -> {
          SPAWNED.newThread(() -> deliverLater(to, message)).start();
          return Outcome.DELIVERED;
        }
      }
      return Outcome.DELIVERED;
    } catch (SendException.ActorNotRunning | SendException.ActorStopped e) {
      return Outcome.STOPPED;
    } catch (SendException.Timeout e) {
      dropped.increment();
      return Outcome.DROPPED;
    }
  }

  private <M> void deliverLater(Subscriber<M> to, M message) {
    try {
      to.tell(message);
    } catch (SendException.ActorNotRunning | SendException.ActorStopped e) {
      LOG.debug("subscriber {} stopped before a spawned delivery", to.id());
    } catch (SendException e) {
      dropped.increment();
      LOG.debug("spawned delivery to {} dropped", to.id(), e);
    }
  }
}
