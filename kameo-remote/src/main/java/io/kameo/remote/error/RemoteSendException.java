package io.kameo.remote.error;

import io.kameo.libp2p.RemoteException;
import java.io.Serial;
import java.util.Optional;

/**
 * A message to a remote actor was not handled, for a {@link #reason()} the remote node reported or
 * this node found before sending. Failures of the network itself are the other {@link
 * RemoteException}s ({@link io.kameo.libp2p.DialException}, {@link
 * io.kameo.libp2p.StreamResetException}, {@link io.kameo.libp2p.RemoteTimeoutException}).
 *
 * <p>Like a local {@link io.kameo.SendException}, it hands the message back ({@link #message()})
 * when the remote actor certainly did not handle it: for every reason but {@link
 * Reason#HANDLER_FAILED}, {@link Reason#REPLY_TIMEOUT}, {@link Reason#ACTOR_STOPPED} and a reply
 * that could not be deserialized, where the actor may have handled it.
 */
public final class RemoteSendException extends RemoteException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Why a remote message was not handled. The wire carries the ordinal: new reasons go at the end.
   */
  public enum Reason {
    /** No actor with that id is registered on the remote node (it stopped or was never there). */
    UNKNOWN_ACTOR,
    /** The remote actor has no {@code @RemoteMessage} handler with that message id. */
    UNKNOWN_MESSAGE,
    /** The actor registered under the name is of another remote actor type. */
    BAD_ACTOR_TYPE,
    /** The remote actor is stopping or stopped. */
    ACTOR_NOT_RUNNING,
    /** The remote actor's bounded mailbox stayed full for the mailbox timeout. */
    MAILBOX_FULL,
    /** The remote handler threw; the message names the exception. */
    HANDLER_FAILED,
    /** The remote actor did not reply within the reply timeout. */
    REPLY_TIMEOUT,
    /** The message or its reply could not be serialized or deserialized. */
    SERIALIZATION,
    /**
     * The reference names an earlier incarnation of the remote node: the node restarted since the
     * reference was looked up, so the actor it named is gone (even if an actor with the same id
     * runs there now). Look the name up again.
     */
    STALE_REF,
    /**
     * The message or its reply, serialized, is above the maximum message size ({@link
     * io.kameo.remote.ActorSwarmConfig#maxMessageSize()}); it was not sent, and nothing else was
     * affected.
     */
    MESSAGE_TOO_LARGE,
    /**
     * The remote actor stopped after it took the message and before it replied: the message may
     * have been handled, the reply is lost.
     */
    ACTOR_STOPPED,
    /**
     * The message or its reply is serialized in another {@link io.kameo.remote.PayloadFormat} than
     * the receiving node reads ({@link io.kameo.remote.ActorSwarmConfig#format()}); it was not
     * read. Give every node the same format.
     */
    FORMAT_MISMATCH
  }

  private final Reason reason;
  private final transient Object undelivered;

  /** Creates an exception for {@code reason} with a message that says what happened. */
  public RemoteSendException(Reason reason, String message) {
    this(reason, message, null, null);
  }

  /** Creates an exception for {@code reason} with a message and a cause. */
  public RemoteSendException(Reason reason, String message, Throwable cause) {
    this(reason, message, null, cause);
  }

  /**
   * Creates an exception for {@code reason} that hands back {@code undelivered}, the message that
   * was not handled (null if it may have been).
   */
  public RemoteSendException(Reason reason, String message, Object undelivered, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.undelivered = undelivered;
  }

  /** Returns why the message was not handled. */
  public Reason reason() {
    return reason;
  }

  /** Returns the message the remote actor did not handle, when the failure hands it back. */
  public Optional<Object> message() {
    return Optional.ofNullable(undelivered);
  }
}
