package io.kameo.remote;

import io.kameo.Actor;
import io.kameo.Message;
import java.time.Duration;
import java.util.Objects;

/**
 * A reference to an actor on another node (or this one), found with {@link ActorSwarm#lookup},
 * {@link ActorSwarm#lookupAll} or {@link ActorSwarm#watch}: {@code ask} and {@code tell} as on a
 * local {@code ActorRef}, over the network. Only messages with a {@code @RemoteMessage} handler can
 * be sent. Two references are equal when they name the same actor in the same incarnation of the
 * same node.
 *
 * <p>{@link #ask} blocks until the reply arrives and throws {@link RemoteSendException} when the
 * remote node did not handle the message (the actor is gone, its handler threw, …) or another
 * {@link RemoteException} when the network failed; it never waits longer than its timeout. {@link
 * #tell} returns once the remote actor's mailbox took the message (so a later ask from the same
 * thread is handled after it), and throws the same exceptions if it did not.
 *
 * @param <A> the remote actor's class
 */
public final class RemoteActorRef<A extends Actor<A>> {
  private final ActorSwarm swarm;
  private final PeerId peer;
  private final long incarnation;
  private final long actorId;
  private final String actorType;
  private final Class<A> actorClass;

  RemoteActorRef(
      ActorSwarm swarm,
      PeerId peer,
      long incarnation,
      long actorId,
      String actorType,
      Class<A> actorClass) {
    this.swarm = swarm;
    this.peer = peer;
    this.incarnation = incarnation;
    this.actorId = actorId;
    this.actorType = actorType;
    this.actorClass = actorClass;
  }

  /** Returns the node the actor runs on. */
  public PeerId peer() {
    return peer;
  }

  /**
   * Returns the incarnation of the node the actor was registered in: a random id per start of the
   * node's swarm. After the node restarts, messages through this reference fail with {@link
   * RemoteSendException.Reason#STALE_REF}.
   */
  public long incarnation() {
    return incarnation;
  }

  /** Returns the actor's id on its node, unique within one incarnation. */
  public long actorId() {
    return actorId;
  }

  /** Returns the actor's remote type id ({@code @RemoteActor}). */
  public String actorType() {
    return actorType;
  }

  /** Returns the local class the reference was looked up with. */
  public Class<A> actorClass() {
    return actorClass;
  }

  /** Sends {@code message} and waits for the reply, up to the host's stream timeout. */
  public <R> R ask(Message<? super A, R> message) {
    return ask(message, swarm.host().config().streamTimeout());
  }

  /** Sends {@code message} and waits for the reply, up to {@code timeout}. */
  @SuppressWarnings("unchecked")
  public <R> R ask(Message<? super A, R> message, Duration timeout) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(timeout, "timeout");
    return (R) swarm.send(this, message, true, timeout);
  }

  /**
   * Sends {@code message}, waiting until the remote mailbox took it but not until it is handled.
   */
  public void tell(Message<? super A, ?> message) {
    Objects.requireNonNull(message, "message");
    swarm.send(this, message, false, swarm.host().config().streamTimeout());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteActorRef<?> r
        && r.peer.equals(peer)
        && r.incarnation == incarnation
        && r.actorId == actorId;
  }

  @Override
  public int hashCode() {
    return (peer.hashCode() * 31 + Long.hashCode(incarnation)) * 31 + Long.hashCode(actorId);
  }

  @Override
  public String toString() {
    return "RemoteActorRef("
        + actorType
        + " "
        + actorId
        + " on "
        + peer
        + " incarnation "
        + Long.toHexString(incarnation)
        + ")";
  }
}
