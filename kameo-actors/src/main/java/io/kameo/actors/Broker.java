package io.kameo.actors;

import io.kameo.ActorId;
import io.kameo.SendException;
import io.kameo.actors.internal.TopicPattern;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A broker of hierarchical topics: messages are published to a topic such as {@code
 * orders.eu.created}, and reach every subscriber whose pattern matches it.
 *
 * <pre>{@code
 * Broker<OrderEvent> orders = Broker.create();
 * orders.subscribe("orders.*.created", Subscriber.of(billing));
 * orders.subscribe("orders.**", Subscriber.of(audit));
 * orders.publish("orders.eu.created", new OrderEvent(42));   // billing and audit
 * }</pre>
 *
 * <p>Topics are segments separated by dots. In a pattern, {@code *} matches exactly one segment and
 * {@code **} zero or more ({@code orders.**} matches {@code orders} too); a wildcard is always a
 * whole segment. A subscriber whose patterns match a topic several times gets each message once.
 * Publishing, delivery and the dropping of stopped subscribers work as in {@link PubSub}, with the
 * same memory consistency effects.
 *
 * @param <M> the message type
 */
public final class Broker<M> {
  private static final String MANY = "**";

  private final Subscriptions<TopicPattern, M> subscriptions = new Subscriptions<>();
  private final Delivery delivery;

  private Broker(DeliveryStrategy strategy) {
    this.delivery = new Delivery(strategy);
  }

  /** Returns a broker with best-effort delivery. */
  public static <M> Broker<M> create() {
    return new Broker<>(DeliveryStrategy.bestEffort());
  }

  /** Returns a broker with the delivery {@code strategy}. */
  public static <M> Broker<M> create(DeliveryStrategy strategy) {
    return new Broker<>(strategy);
  }

  /**
   * Subscribes {@code subscriber} to the topics {@code pattern} matches; returns false if it had
   * this pattern already, or its actor has stopped.
   *
   * @throws IllegalArgumentException if the pattern has an empty segment, or a wildcard that is not
   *     a whole segment
   */
  public boolean subscribe(String pattern, Subscriber<M> subscriber) {
    return subscriptions.add(TopicPattern.parse(pattern, MANY), subscriber);
  }

  /**
   * Removes the subscription of actor {@code id} to {@code pattern}; returns whether it had one.
   */
  public boolean unsubscribe(String pattern, ActorId id) {
    Objects.requireNonNull(id, "id");
    return subscriptions.remove(TopicPattern.parse(pattern, MANY), id);
  }

  /** Removes every subscription of actor {@code id}; returns whether it had any. */
  public boolean unsubscribeAll(ActorId id) {
    return subscriptions.removeAll(Objects.requireNonNull(id, "id"));
  }

  /**
   * Sends {@code message} to every subscriber with a pattern that matches {@code topic} and a
   * filter that accepts the message; returns to how many it was delivered.
   *
   * @throws IllegalArgumentException if the topic has an empty segment or a wildcard
   * @throws SendException.Interrupted if the publisher was interrupted while it waited for room
   */
  public int publish(String topic, M message) {
    Objects.requireNonNull(message, "message");
    String[] segments = TopicPattern.topic(topic, MANY);
    Set<Subscriber<M>> matched = new LinkedHashSet<>();
    for (Subscriptions.Entry<TopicPattern, M> e : subscriptions.snapshot()) {
      if (e.key().matches(segments)) {
        matched.add(e.subscriber());
      }
    }
    int delivered = 0;
    for (Subscriber<M> s : matched) {
      delivered += delivery.deliverIfAccepted(s, message);
    }
    return delivered;
  }

  /** Returns the number of subscriptions (a subscriber counts once per pattern). */
  public int subscriptions() {
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
    return "Broker[" + subscriptions.size() + " subscriptions, " + delivery.strategy() + "]";
  }
}
