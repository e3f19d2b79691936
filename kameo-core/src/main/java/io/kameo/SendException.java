package io.kameo;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a message was not delivered or not answered: a closed family of unchecked exceptions.
 *
 * <p>Where the message was never handled, the exception hands it back ({@link #message()}), so
 * nothing is lost: {@link ActorNotRunning}, {@link MailboxFull}, a mailbox {@link Timeout}, and an
 * {@link ActorStopped} for a message that was queued but dropped when the actor died.
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
        SendException.Timeout {

  private final transient Object message;

  SendException(String text, Object message, Throwable cause) {
    super(text, cause);
    this.message = message;
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
          "mailbox of actor " + id + " is full; " + describe(message) + " was not delivered",
          Objects.requireNonNull(message, "message"),
          null);
    }
  }

  /** The handler threw; {@link #getCause()} is what it threw. */
  public static final class HandlerFailed extends SendException {
    /** Creates the exception for a handler of the actor {@code id} that threw {@code cause}. */
    public HandlerFailed(ActorId id, Throwable cause) {
      super(
          "handler of actor " + id + " failed: " + cause,
          null,
          Objects.requireNonNull(cause, "cause"));
    }
  }

  /**
   * A timeout passed: either the mailbox stayed full (the message was not queued and is handed
   * back) or the reply did not come in time.
   */
  public static final class Timeout extends SendException {
    private final transient Duration timeout;

    private Timeout(String text, Object message, Duration timeout) {
      super(text, message, null);
      this.timeout = timeout;
    }

    /** Creates the exception for a send that waited {@code timeout} for room in the mailbox. */
    public static Timeout mailbox(ActorId id, Object message, Duration timeout) {
      return new Timeout(
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
      return new Timeout("actor " + id + " did not reply within " + timeout, null, timeout);
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

  private static String describe(Object message) {
    return message == null ? "the message" : message.getClass().getName();
  }
}
