package io.kameo.remote;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.Recipient;
import io.kameo.ReplyRecipient;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.remote.error.RemoteSendException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A reference to an actor on another node (or this one), found with {@link ActorSwarm#lookup},
 * {@link ActorSwarm#lookupAll} or {@link ActorSwarm#watch}: the same calls as a local {@link
 * ActorRef} ({@code ask}, {@code askAsync}, {@code tell}, {@code tryTell}, {@link #request} with
 * per-message timeouts, {@link #recipient()} and {@link #replyRecipient()} views), over the
 * network. Only messages with a {@code @RemoteMessage} handler can be sent. Two references are
 * equal when they name the same actor in the same incarnation of the same node; {@link #id()} names
 * the node too, so it never equals the id of a local actor.
 *
 * <p>{@link #ask} blocks until the reply arrives and throws {@link RemoteSendException} when the
 * remote node did not handle the message (the actor is gone, its handler threw, …) or another
 * {@link RemoteException} when the network failed; it never waits longer than its timeout. {@link
 * #askAsync} returns a future that completes the same way, never later than the timeout, on a
 * thread of its own (never the connection's). {@link #tell} is fire and forget: it returns once the
 * message is queued to be written, without a round trip. {@link #tellAcknowledged} returns once the
 * remote mailbox took the message, or throws why it did not. A {@link RemoteSendException} for a
 * message the remote actor did not handle hands it back ({@link RemoteSendException#message()}), as
 * a local {@link io.kameo.SendException} does.
 *
 * <p><b>Ordering and flow control.</b> The messages one thread sends to one remote actor (tells,
 * acknowledged tells and asks alike, {@code askAsync} included) are put into its mailbox in the
 * order they were sent. Messages to different actors never wait for each other. A sending node
 * keeps at most {@value io.kameo.remote.internal.actor.ActorChannel#WINDOW} messages and {@value
 * io.kameo.remote.internal.actor.ActorChannel#WINDOW_BYTES} bytes per remote actor in flight (sent
 * and not yet in the mailbox; a larger message counts as that many bytes); beyond that a {@code
 * tell}, {@code ask} or {@code askAsync} waits for room up to its timeout and then fails with
 * {@link RemoteSendException.Reason#MAILBOX_FULL}, and {@link #tryTell} returns false at once. So a
 * slow actor pushes back on its own senders only.
 *
 * <p><b>Memory consistency effects.</b> A message is serialized when it is sent: the remote handler
 * sees its content as it was then, and nothing else of the sender's memory. Deserializing the reply
 * <i>happens-before</i> {@code ask} returns it or an {@code askAsync} future completes with it.
 *
 * <p><b>Links.</b> {@link #link} and {@link #watch} make a local actor hear of this actor's stop in
 * {@code onLinkDied}: its stop reason, or {@link io.kameo.StopReason.PeerDisconnected} when the
 * connection to its node is lost. The {@link ActorId} passed to {@code onLinkDied} is this
 * reference's {@link #id()}.
 *
 * @param <A> the remote actor's class
 */
public final class RemoteActorRef<A extends Actor<A>> {
  private final ActorSwarm swarm;
  private final PeerId peer;
  private final long incarnation;
  private final ActorId id;
  private final String actorType;
  private final Class<A> actorClass;

  /** Set once a node answered that the actor is gone; read by {@link #isAlive()}. */
  private volatile boolean gone;

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
    this.id = ActorId.of(actorId, peer.toString());
    this.actorType = actorType;
    this.actorClass = actorClass;
  }

  /**
   * Finds the actor registered under {@code name} through the process-wide swarm ({@link
   * ActorSwarm#global()}), like Kameo's {@code RemoteActorRef::lookup}.
   *
   * @throws IllegalStateException if there is no global swarm
   * @see ActorSwarm#lookup
   */
  public static <A extends Actor<A>> Optional<RemoteActorRef<A>> lookup(
      String name, Class<A> actorClass) {
    return ActorSwarm.global().lookup(name, actorClass);
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

  /**
   * Returns the actor's id: its sequence number on its node and, as {@link ActorId#node()}, the
   * node's peer id, so it never equals a local actor's id.
   */
  public ActorId id() {
    return id;
  }

  /** Returns the actor's remote type id ({@code @RemoteActor}). */
  public String actorType() {
    return actorType;
  }

  /** Returns the local class the reference was looked up with. */
  public Class<A> actorClass() {
    return actorClass;
  }

  /**
   * Returns whether the actor may still accept messages, as far as this node knows: false once the
   * swarm is closed or a message through this reference was refused because the actor is gone
   * ({@link RemoteSendException.Reason#UNKNOWN_ACTOR}, {@link
   * RemoteSendException.Reason#STALE_REF}, {@link RemoteSendException.Reason#ACTOR_NOT_RUNNING},
   * {@link RemoteSendException.Reason#ACTOR_STOPPED}). It never asks the network.
   */
  public boolean isAlive() {
    return !gone && swarm.isOpen();
  }

  void markGone() {
    gone = true;
  }

  private Duration defaultTimeout() {
    return swarm.host().config().streamTimeout();
  }

  /** Sends {@code message} and waits for the reply, up to the host's stream timeout. */
  public <R> R ask(Message<? super A, R> message) {
    return ask(message, defaultTimeout());
  }

  /** Sends {@code message} and waits for the reply, up to {@code timeout} in all. */
  @SuppressWarnings("unchecked")
  public <R> R ask(Message<? super A, R> message, Duration timeout) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(timeout, "timeout");
    return (R) swarm.send(this, message, ActorSwarm.Mode.ASK, ActorSwarm.Timeouts.of(timeout));
  }

  /**
   * Sends {@code message} and returns a future of the reply, like {@link ActorRef#askAsync}. The
   * future fails with what {@link #ask} would throw, and at the latest after the host's stream
   * timeout with {@link RemoteTimeoutException}: it never hangs. The caller may wait here for room
   * while the actor's messages in flight are at their limit, as with {@link #ask}. The future is
   * the caller's own: completing or cancelling it does not reach the remote actor; it is completed
   * on a new virtual thread, so its callbacks may block.
   */
  public <R> CompletableFuture<R> askAsync(Message<? super A, R> message) {
    return request(message).sendAsync();
  }

  /**
   * Returns a request for {@code message} whose mailbox and reply timeouts can be set before it is
   * sent, like {@link ActorRef#request}.
   */
  public <R> RemoteAskRequest<A, R> request(Message<? super A, R> message) {
    Objects.requireNonNull(message, "message");
    return new RemoteAskRequest<>(this, message, defaultTimeout());
  }

  /** Sends a request built by {@link RemoteAskRequest}; see there. */
  <R> R send(Message<? super A, R> message, ActorSwarm.Timeouts timeouts) {
    @SuppressWarnings("unchecked")
    R reply = (R) swarm.send(this, message, ActorSwarm.Mode.ASK, timeouts);
    return reply;
  }

  <R> CompletableFuture<R> sendAsync(
      Message<? super A, R> message, ActorSwarm.Timeouts timeouts, boolean tryOnly) {
    return swarm.sendAsync(this, message, timeouts, tryOnly);
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
   *     sending; it hands the message back
   * @throws RemoteException if the connection to the node failed
   */
  public void tell(Message<? super A, ?> message) {
    Objects.requireNonNull(message, "message");
    swarm.send(this, message, ActorSwarm.Mode.TELL, ActorSwarm.Timeouts.of(defaultTimeout()));
  }

  /**
   * Sends {@code message} like {@link #tell}, waiting at most {@code mailboxTimeout} for room, like
   * {@link ActorRef#tell(Message, Duration)}: here for room for another message in flight, and on
   * the remote node for room in the actor's mailbox (there the message is dropped and logged when
   * that passes).
   */
  public void tell(Message<? super A, ?> message, Duration mailboxTimeout) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(mailboxTimeout, "mailboxTimeout");
    swarm.send(
        this,
        message,
        ActorSwarm.Mode.TELL,
        new ActorSwarm.Timeouts(mailboxTimeout, mailboxTimeout, mailboxTimeout, null));
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
    return swarm.send(
            this, message, ActorSwarm.Mode.TRY_TELL, ActorSwarm.Timeouts.of(Duration.ZERO))
        == null;
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
    tellAcknowledged(message, defaultTimeout());
  }

  /** Like {@link #tellAcknowledged(Message)}, waiting up to {@code timeout} in all. */
  public void tellAcknowledged(Message<? super A, ?> message, Duration timeout) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(timeout, "timeout");
    swarm.send(this, message, ActorSwarm.Mode.ACKED_TELL, ActorSwarm.Timeouts.of(timeout));
  }

  /**
   * Returns this actor as a recipient of one message type, for code that only needs "something that
   * accepts {@code M}", wherever it lives: the remote counterpart of {@link ActorRef#recipient()}.
   * Its {@code tell} and {@code tryTell} are this reference's.
   */
  public <M extends Message<? super A, ?>> Recipient<M> recipient() {
    return new RemoteRecipient<>(this);
  }

  /**
   * Returns this actor as a recipient of asks of one message type: the remote counterpart of {@link
   * ActorRef#replyRecipient()}. Its {@code ask} and {@code askAsync} are this reference's.
   */
  public <M extends Message<? super A, R>, R> ReplyRecipient<M, R> replyRecipient() {
    return new RemoteRecipient<>(this);
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
    swarm.link(local, this, false, defaultTimeout());
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
    swarm.link(local, this, true, defaultTimeout());
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
        && r.id.equals(id);
  }

  @Override
  public int hashCode() {
    return (peer.hashCode() * 31 + Long.hashCode(incarnation)) * 31 + id.hashCode();
  }

  @Override
  public String toString() {
    return "RemoteActorRef("
        + actorType
        + " "
        + id.sequence()
        + " on "
        + peer
        + " incarnation "
        + Long.toHexString(incarnation)
        + ")";
  }
}
