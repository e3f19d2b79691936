package io.kameo.actors;

import io.kameo.ActorId;
import io.kameo.SendException;
import java.util.Objects;

/**
 * Publish/subscribe for one message type: each message published goes to every subscriber whose
 * filter accepts it.
 *
 * <pre>{@code
 * PubSub<PriceChanged> prices = PubSub.create();
 * prices.subscribe(Subscriber.of(ticker));
 * prices.subscribe(Subscriber.of(alerts, p -> Math.abs(p.change()) > 10));
 * prices.publish(new PriceChanged("ACME", 12));
 * }</pre>
 *
 * <p>Publishing runs on the publisher's thread and does not go through an actor of its own: the
 * message is queued straight into each subscriber's mailbox, as the {@link DeliveryStrategy} says
 * for full mailboxes (by default {@linkplain DeliveryStrategy#bestEffort best effort}: dropped and
 * counted in {@link #dropped()}). A subscriber whose actor stops is dropped as soon as it stops
 * (its shutdown is watched); nothing of it stays behind.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions of a thread before it publishes a message happen-before each subscriber's handler of it.
 * Messages one thread publishes reach each subscriber in the order published, except those
 * delivered late by {@link DeliveryStrategy#spawned()}. A publish that starts after {@link
 * #subscribe} returned true reaches that subscriber; one that starts after {@link #unsubscribe}
 * returned does not.
 *
 * @param <M> the message type
 */
public final class PubSub<M> {
  private final Subscriptions<Void, M> subscriptions = new Subscriptions<>();
  private final Delivery delivery;

  private PubSub(DeliveryStrategy strategy) {
    this.delivery = new Delivery(strategy);
  }

  /** Returns a pub/sub with best-effort delivery. */
  public static <M> PubSub<M> create() {
    return new PubSub<>(DeliveryStrategy.bestEffort());
  }

  /** Returns a pub/sub with the delivery {@code strategy}. */
  public static <M> PubSub<M> create(DeliveryStrategy strategy) {
    return new PubSub<>(strategy);
  }

  /**
   * Subscribes {@code subscriber}; returns false if its actor is subscribed already or has stopped.
   */
  public boolean subscribe(Subscriber<M> subscriber) {
    return subscriptions.add(null, subscriber);
  }

  /** Unsubscribes the actor {@code id}; returns whether it was subscribed. */
  public boolean unsubscribe(ActorId id) {
    return subscriptions.removeAll(Objects.requireNonNull(id, "id"));
  }

  /**
   * Sends {@code message} to every subscriber whose filter accepts it; returns to how many it was
   * delivered (queued, or handed to a delivery thread).
   *
   * @throws SendException.Interrupted if the publisher was interrupted while it waited for room
   *     (guaranteed or timed delivery); the subscribers after it did not get the message
   */
  public int publish(M message) {
    Objects.requireNonNull(message, "message");
    int delivered = 0;
    for (Subscriptions.Entry<Void, M> e : subscriptions.snapshot()) {
      delivered += delivery.deliverIfAccepted(e.subscriber(), message);
    }
    return delivered;
  }

  /** Returns the number of subscribers. */
  public int subscribers() {
    return subscriptions.size();
  }

  /** Returns how many deliveries were dropped for full mailboxes so far. */
  public long dropped() {
    return delivery.dropped();
  }

  /** Returns the delivery strategy. */
  public DeliveryStrategy strategy() {
    return delivery.strategy();
  }

  @Override
  public String toString() {
    return "PubSub[" + subscriptions.size() + " subscribers, " + delivery.strategy() + "]";
  }
}
