package io.kameo;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a message was not delivered or not answered: a closed family of unchecked exceptions.
 *
 * <p>Where the message was never handled, the exception hands it back ({@link #message()}), so
 * nothing is lost: {@link ActorNotRunning}, {@link MailboxFull}, a mailbox {@link Timeout}, an
 * {@link Interrupted} send that was not queued, and an {@link ActorStopped} for a message that was
 * queued but dropped when the actor died. {@link #actorId()} names the actor the message was for.
 *
 * <pre>{@code
 * try {
 *   long n = counter.ask(new Inc(1));
 * } catch (SendException.ActorNotRunning e) {
 *   retryLater((Inc) e.message().orElseThrow());
 * } catch (SendException.HandlerFailed e) {
 *   log.warn("increment failed", e.getCause());
 * }
 * }</pre>
 */
public abstract sealed class SendException extends RuntimeException
    permits SendException.ActorNotRunning,
        SendException.ActorStopped,
        SendException.MailboxFull,
        SendException.HandlerFailed,
        SendException.Timeout,
        SendException.Interrupted {

  private final transient ActorId actorId;
  private final transient Object message;

  SendException(ActorId actorId, String text, Object message, Throwable cause) {
    super(text, cause);
    this.actorId = Objects.requireNonNull(actorId, "actorId");
    this.message = message;
  }

  /** Returns the id of the actor the message was sent to. */
  public ActorId actorId() {
    return actorId;
  }

  /** Returns the undelivered message, when the failure hands it back. */
  public Optional<Object> message() {
    return Optional.ofNullable(message);
  }

  /** The actor is not running (it has stopped, or is stopping): the message was not queued. */
  public static final class ActorNotRunning extends SendException {
    /** Creates the exception for {@code message}, sent to the actor {@code id}. */
    public ActorNotRunning(ActorId id, Object message) {
      super(
          id,
          "actor " + id + " is not running; " + describe(message) + " was not delivered",
          Objects.requireNonNull(message, "message"),
          null);
    }
  }

  /**
   * The actor stopped before it replied: the reply is lost. If the message was still queued, it is
   * handed back by {@link #message()}.
   */
  public static final class ActorStopped extends SendException {
    private final transient StopReason reason;

    /** Creates the exception; {@code message} is null when the message had been handled. */
    public ActorStopped(ActorId id, StopReason reason, Object message) {
      super(
          id,
          "actor "
              + id
              + " stopped ("
              + reason
              + ") before replying"
              + (message == null ? "" : "; " + describe(message) + " was not handled"),
          message,
          reason instanceof StopReason.Panicked p ? p.error() : null);
      this.reason = reason;
    }

    /** Returns why the actor stopped. */
    public StopReason reason() {
      return reason;
    }
  }

  /** The bounded mailbox was full and the send did not wait: the message was not queued. */
  public static final class MailboxFull extends SendException {
    /** Creates the exception for {@code message}, sent to the actor {@code id}. */
    public MailboxFull(ActorId id, Object message) {
      super(
          id,
          "mailbox of actor " + id + " is full; " + describe(message) + " was not delivered",
          Objects.requireNonNull(message, "message"),
          null);
    }
  }

  /**
   * The handler threw; {@link #getCause()} is what it threw. If the actor's supervisor restarted it
   * for that failure, the exception is the subclass {@link Restarted}.
   */
  public static sealed class HandlerFailed extends SendException permits Restarted {
    /** Creates the exception for a handler of the actor {@code id} that threw {@code cause}. */
    public HandlerFailed(ActorId id, Throwable cause) {
      this(id, "handler of actor " + id + " failed: " + cause, cause);
    }

    private HandlerFailed(ActorId id, String text, Throwable cause) {
      super(id, text, null, Objects.requireNonNull(cause, "cause"));
    }
  }

  /**
   * The handler of this ask threw, the actor stopped for it, and its {@link Supervisor} restarted
   * it in place: a retry is safe. "Safe" means that the failed handler's changes to the actor's
   * state went with the old instance, and the same reference now reaches a fresh instance that
   * handles the messages queued behind this one; it does not mean that effects the handler had
   * outside the actor (I/O, messages it sent) were undone. {@link #getCause()} is what the handler
   * threw.
   */
  public static final class Restarted extends HandlerFailed {
    /** Creates the exception for the actor {@code id}, restarted after its handler threw. */
    public Restarted(ActorId id, Throwable cause) {
      super(
          id,
          "handler of actor "
              + id
              + " failed: "
              + cause
              + "; the actor was restarted, retry is safe",
          cause);
    }
  }

  /**
   * A timeout passed: either the mailbox stayed full (the message was not queued and is handed
   * back) or the reply did not come in time.
   */
  public static final class Timeout extends SendException {
    private final transient Duration timeout;

    private Timeout(ActorId id, String text, Object message, Duration timeout) {
      super(id, text, message, null);
      this.timeout = timeout;
    }

    /** Creates the exception for a send that waited {@code timeout} for room in the mailbox. */
    public static Timeout mailbox(ActorId id, Object message, Duration timeout) {
      return new Timeout(
          id,
          "mailbox of actor "
              + id
              + " stayed full for "
              + timeout
              + "; "
              + describe(message)
              + " was not delivered",
          Objects.requireNonNull(message, "message"),
          timeout);
    }

    /** Creates the exception for an ask that waited {@code timeout} for its reply. */
    public static Timeout reply(ActorId id, Duration timeout) {
      return new Timeout(id, "actor " + id + " did not reply within " + timeout, null, timeout);
    }

    /** Returns whether the mailbox timed out (and {@link #message()} holds the message). */
    public boolean isMailboxTimeout() {
      return message().isPresent();
    }

    /** Returns the timeout that passed. */
    public Duration timeout() {
      return timeout;
    }
  }

  /**
   * The calling thread was interrupted while it blocked in a call on an actor: a send waiting for
   * room in a full mailbox, an ask waiting for its reply, or a wait for the actor's startup or
   * shutdown. The thread's interrupt flag is set again before this is thrown.
   *
   * <p>{@link #isQueued()} says what became of the message. A send interrupted while it waited for
   * room was not queued: the message is handed back by {@link #message()} and will never be
   * handled. An ask interrupted while it waited for its reply was queued: the actor may still
   * handle it, and its reply is dropped. A call that did not need to block (room in the mailbox, a
   * reply already there) ignores the interrupt flag and leaves it set.
   */
  public static final class Interrupted extends SendException {
    private final boolean queued;

    private Interrupted(ActorId id, String text, Object message, boolean queued) {
      super(id, text, message, null);
      this.queued = queued;
    }

    /** Creates the exception for a send that was interrupted waiting for room: not queued. */
    public static Interrupted waitingForRoom(ActorId id, Object message) {
      return new Interrupted(
          id,
          "interrupted while waiting for room in the mailbox of actor "
              + id
              + "; "
              + describe(message)
              + " was not delivered",
          Objects.requireNonNull(message, "message"),
          false);
    }

    /** Creates the exception for an ask interrupted waiting for its reply: it may be handled. */
    public static Interrupted waitingForReply(ActorId id) {
      return new Interrupted(
          id,
          "interrupted while waiting for the reply of actor "
              + id
              + "; the message was queued and may still be handled",
          null,
          true);
    }

    /** Creates the exception for a wait for the actor's startup or shutdown. */
    public static Interrupted waitingFor(ActorId id, String what) {
      return new Interrupted(
          id, "interrupted while waiting for the " + what + " of actor " + id, null, false);
    }

    /** Returns whether the message was queued, so that the actor may still handle it. */
    public boolean isQueued() {
      return queued;
    }
  }

  private static String describe(Object message) {
    return message == null ? "the message" : message.getClass().getName();
  }
}
