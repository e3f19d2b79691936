package io.kameo.actors;

import io.kameo.ActorId;
import io.kameo.SendException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bus that routes each message by its type: to every subscriber registered for the message's
 * class, or for any of its superclasses or interfaces.
 *
 * <pre>{@code
 * MessageBus bus = MessageBus.create();
 * bus.register(OrderPlaced.class, Subscriber.of(billing));
 * bus.register(OrderEvent.class, Subscriber.of(audit)); // OrderPlaced implements OrderEvent
 * bus.publish(new OrderPlaced(42));                       // billing and audit
 * }</pre>
 *
 * <p>{@link #register} is checked at compile time: the subscriber must handle the registered type
 * (or a supertype of it), so a published message always reaches an actor that handles it. A
 * subscriber registered for several matching types gets each message once. Publishing, delivery and
 * the dropping of stopped subscribers work as in {@link PubSub}, with the same memory consistency
 * effects.
 */
public final class MessageBus {
  /*
   * Which entries a message class reaches is computed once per class and subscription set: the
   * cache belongs to one snapshot of the subscriptions (identity), so any change, a death-watch
   * removal included, starts a new cache. A publisher that races a change uses the cache of the
   * snapshot it read, which is the set it would have scanned anyway.
   */
  private record Cache(
      Subscriptions.Entry<?, ?>[] snapshot,
      ConcurrentHashMap<Class<?>, List<Subscriber<Object>>> routes) {}

  private final Subscriptions<Class<?>, Object> subscriptions = new Subscriptions<>();
  private final Delivery delivery;
  private volatile Cache cache = new Cache(null, new ConcurrentHashMap<>());

  private MessageBus(DeliveryStrategy strategy) {
    this.delivery = new Delivery(strategy);
  }

  /** Returns a bus with best-effort delivery. */
  public static MessageBus create() {
    return new MessageBus(DeliveryStrategy.bestEffort());
  }

  /** Returns a bus with the delivery {@code strategy}. */
  public static MessageBus create(DeliveryStrategy strategy) {
    return new MessageBus(strategy);
  }

  /**
   * Registers {@code subscriber} for messages of {@code type} and its subtypes; returns false if it
   * was registered for this type already, or its actor has stopped.
   */
  @SuppressWarnings("unchecked")
  public <T> boolean register(Class<T> type, Subscriber<? super T> subscriber) {
    Objects.requireNonNull(type, "type");
    // sound: this entry only ever receives instances of `type`, which the subscriber handles
    return subscriptions.add(type, (Subscriber<Object>) subscriber);
  }

  /** Removes the registration of actor {@code id} for {@code type}; returns whether it had one. */
  public boolean unregister(Class<?> type, ActorId id) {
    Objects.requireNonNull(type, "type");
    return subscriptions.remove(type, Objects.requireNonNull(id, "id"));
  }

  /** Removes every registration of actor {@code id}; returns whether it had any. */
  public boolean unregisterAll(ActorId id) {
    return subscriptions.removeAll(Objects.requireNonNull(id, "id"));
  }

  /**
   * Sends {@code message} to every subscriber registered for its type or a supertype, whose filter
   * accepts it; returns to how many it was delivered.
   *
   * @throws SendException.Interrupted if the publisher was interrupted while it waited for room
   */
  public int publish(Object message) {
    Objects.requireNonNull(message, "message");
    int delivered = 0;
    for (Subscriber<Object> s : routes(message.getClass())) {
      delivered += delivery.deliverIfAccepted(s, message);
    }
    return delivered;
  }

  /** Returns the number of registrations (a subscriber counts once per type). */
  public int registrations() {
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
    return "MessageBus[" + subscriptions.size() + " registrations, " + delivery.strategy() + "]";
  }

  private List<Subscriber<Object>> routes(Class<?> type) {
    Subscriptions.Entry<Class<?>, Object>[] snapshot = subscriptions.snapshot();
    Cache c = cache;
    if (c.snapshot != snapshot) {
      c = new Cache(snapshot, new ConcurrentHashMap<>());
      cache = c;
    }
    return c.routes.computeIfAbsent(
        type,
        t -> {
          Set<Subscriber<Object>> matched = new LinkedHashSet<>();
          for (Subscriptions.Entry<Class<?>, Object> e : snapshot) {
            if (e.key().isAssignableFrom(t)) {
              matched.add(e.subscriber());
            }
          }
          return List.copyOf(new ArrayList<>(matched));
        });
  }
}
