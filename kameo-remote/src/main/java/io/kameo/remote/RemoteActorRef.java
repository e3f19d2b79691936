package io.kameo.remote;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.libp2p.PeerId;
import io.kameo.remote.error.RemoteSendException;
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
 * #tell} is fire and forget: it returns once the message is queued to be written, without a round
 * trip. {@link #tellAcknowledged} returns once the remote mailbox took the message, or throws why
 * it did not.
 *
 * <p><b>Ordering and flow control.</b> The messages one thread sends to one remote actor (tells,
 * acknowledged tells and asks alike) are put into its mailbox in the order they were sent. Messages
 * to different actors never wait for each other. A sending node keeps at most {@value
 * io.kameo.remote.internal.actor.ActorChannel#WINDOW} messages and {@value
 * io.kameo.remote.internal.actor.ActorChannel#WINDOW_BYTES} bytes per remote actor in flight (sent
 * and not yet in the mailbox; a larger message counts as that many bytes); beyond that a {@code
 * tell} or {@code ask} waits for room up to its timeout and then fails with {@link
 * RemoteSendException.Reason#MAILBOX_FULL}, and {@link #tryTell} returns false at once. So a slow
 * actor pushes back on its own senders only.
 *
 * <p><b>Links.</b> {@link #link} and {@link #watch} make a local actor hear of this actor's stop in
 * {@code onLinkDied}: its stop reason, or {@link io.kameo.StopReason.PeerDisconnected} when the
 * connection to its node is lost. The {@link io.kameo.ActorId} passed to {@code onLinkDied} is
 * {@code ActorId.of(}{@link #actorId()}{@code )}.
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
    return (R) swarm.send(this, message, ActorSwarm.Mode.ASK, timeout);
  }

  /**
   * Sends {@code message} without waiting for the remote node: it is queued to be written and this
   * returns. Waits only while this actor's messages in flight from this node are at their limit
   * (see the class comment), up to the host's stream timeout. A message the remote node then cannot
   * deliver (the actor stopped, its mailbox timed out, …) is dropped there and logged at debug
   * level; use {@link #tellAcknowledged} to hear of it.
   *
   * @throws RemoteSendException {@link RemoteSendException.Reason#MAILBOX_FULL} if no room came in
   *     time, {@link RemoteSendException.Reason#MESSAGE_TOO_LARGE} or another reason found before
   *     sending
   * @throws RemoteException if the connection to the node failed
   */
  public void tell(Message<? super A, ?> message) {
    Objects.requireNonNull(message, "message");
    swarm.send(this, message, ActorSwarm.Mode.TELL, swarm.host().config().streamTimeout());
  }

  /**
   * Sends {@code message} like {@link #tell} if this actor has room for another message in flight
   * from this node, without waiting for room (the first message to a node may still wait, up to the
   * host's stream timeout, for the connection to open).
   *
   * @return false if the actor's messages in flight from this node are at their limit (its mailbox
   *     is not taking them fast enough); nothing was sent
   * @throws RemoteSendException for a reason found before sending
   */
  public boolean tryTell(Message<? super A, ?> message) {
    Objects.requireNonNull(message, "message");
    return swarm.send(this, message, ActorSwarm.Mode.TRY_TELL, Duration.ZERO) == null;
  }

  /**
   * Sends {@code message} and waits until the remote actor's mailbox took it (not until it is
   * handled), up to the host's stream timeout.
   *
   * @throws RemoteSendException with the reason the remote node did not take it ({@link
   *     RemoteSendException.Reason#MAILBOX_FULL} if its mailbox stayed full for the actor's mailbox
   *     timeout, {@link RemoteSendException.Reason#UNKNOWN_ACTOR}, …)
   * @throws RemoteException if the network failed or no word came within the timeout
   */
  public void tellAcknowledged(Message<? super A, ?> message) {
    tellAcknowledged(message, swarm.host().config().streamTimeout());
  }

  /** Like {@link #tellAcknowledged(Message)}, waiting up to {@code timeout} in all. */
  public void tellAcknowledged(Message<? super A, ?> message, Duration timeout) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(timeout, "timeout");
    swarm.send(this, message, ActorSwarm.Mode.ACKED_TELL, timeout);
  }

  /**
   * Links {@code local} with this actor both ways, like {@link ActorRef#link}: when this actor
   * stops, or its node is lost, {@code local}'s {@code onLinkDied} runs with the reason; when
   * {@code local} stops, this actor's runs. Waits (up to the host's stream timeout) for the remote
   * node to confirm. The link ends when either actor stops, on {@link #unlink}, or when the
   * connection ends (reported to both sides as {@link io.kameo.StopReason.PeerDisconnected}).
   *
   * @throws RemoteSendException {@link RemoteSendException.Reason#UNKNOWN_ACTOR} if the actor is
   *     not registered on its node (any more), {@link RemoteSendException.Reason#STALE_REF} if the
   *     node restarted since this reference was looked up
   * @throws RemoteException if its node cannot be reached
   */
  public void link(ActorRef<?> local) {
    Objects.requireNonNull(local, "local");
    swarm.link(local, this, false, swarm.host().config().streamTimeout());
  }

  /**
   * Watches this actor from {@code local}, one way: like {@link #link}, but {@code local}'s stop is
   * not reported to this actor. {@link #unlink} ends it.
   *
   * @throws RemoteSendException {@link RemoteSendException.Reason#UNKNOWN_ACTOR} if the actor is
   *     not registered on its node (any more)
   * @throws RemoteException if its node cannot be reached
   */
  public void watch(ActorRef<?> local) {
    Objects.requireNonNull(local, "local");
    swarm.link(local, this, true, swarm.host().config().streamTimeout());
  }

  /** Removes the link or watch of {@code local} with this actor, on both nodes; never waits. */
  public void unlink(ActorRef<?> local) {
    Objects.requireNonNull(local, "local");
    swarm.unlink(local, this);
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
