package io.kameo.actors;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.Message;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An actor that receives messages of type {@code M} from a fan-out actor, with an optional filter.
 * Made by {@link #of}, which checks at compile time that the actor handles {@code M}.
 *
 * <pre>{@code
 * Subscriber<PriceChanged> all = Subscriber.of(ticker);
 * Subscriber<PriceChanged> big = Subscriber.of(ticker, p -> p.change() > 10);
 * }</pre>
 *
 * <p>A subscriber holds the actor's {@link ActorRef}, so a fan-out actor can watch it and drop it
 * as soon as the actor stops. Two subscribers are equal when they are for the same actor. The
 * filter runs on the publisher's thread; it must be thread-safe, quick and must not throw (what it
 * throws ends that publish, and the subscribers after this one do not get the message).
 *
 * @param <M> the message type the actor receives
 */
public final class Subscriber<M> {
  /** The typed sends of one actor, made where the compiler knows that the actor handles M. */
  private interface Sends<M> {
    boolean tryTell(M message);

    void tell(M message);

    void tell(M message, Duration mailboxTimeout);
  }

  private final ActorRef<?> ref;
  private final Predicate<? super M> filter;
  private final Sends<M> sends;

  private Subscriber(ActorRef<?> ref, Predicate<? super M> filter, Sends<M> sends) {
    this.ref = ref;
    this.filter = filter;
    this.sends = sends;
  }

  /** Returns a subscriber that receives every message of type {@code M} sent to it. */
  public static <A extends Actor<A>, M extends Message<? super A, ?>> Subscriber<M> of(
      ActorRef<A> actor) {
    return of(actor, m -> true);
  }

  /**
   * Returns a subscriber that receives only the messages {@code filter} accepts.
   *
   * @param actor the actor that receives the messages
   * @param filter runs on the publisher's thread for each message; must not block
   */
  public static <A extends Actor<A>, M extends Message<? super A, ?>> Subscriber<M> of(
      ActorRef<A> actor, Predicate<? super M> filter) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(filter, "filter");
    return new Subscriber<>(
        actor,
        filter,
        new Sends<M>() {
          @Override
          public boolean tryTell(M message) {
            return actor.tryTell(message);
          }

          @Override
          public void tell(M message) {
            actor.tell(message);
          }

          @Override
          public void tell(M message, Duration mailboxTimeout) {
            actor.tell(message, mailboxTimeout);
          }
        });
  }

  /** Returns the id of the subscribed actor. */
  public ActorId id() {
    return ref.id();
  }

  /** Returns the subscribed actor's reference. */
  public ActorRef<?> actor() {
    return ref;
  }

  /** Returns whether the filter accepts {@code message}. */
  public boolean accepts(M message) {
    return filter.test(message);
  }

  /** Sends {@code message} if the mailbox has room now, as {@link ActorRef#tryTell} does. */
  boolean tryTell(M message) {
    return sends.tryTell(message);
  }

  /** Sends {@code message}, waiting for room as {@link ActorRef#tell(Message)} does. */
  void tell(M message) {
    sends.tell(message);
  }

  /** Sends {@code message}, waiting at most {@code mailboxTimeout} for room. */
  void tell(M message, Duration mailboxTimeout) {
    sends.tell(message, mailboxTimeout);
  }

  /** Returns whether {@code o} is a subscriber for the same actor. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Subscriber<?> other && other.ref.equals(ref);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  @Override
  public String toString() {
    return "Subscriber[" + ref + "]";
  }
}
