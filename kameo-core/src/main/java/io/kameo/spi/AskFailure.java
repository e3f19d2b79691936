package io.kameo.spi;

import io.kameo.SendException;

/**
 * INTERNAL API: why an ask failed, a closed set that an {@link ActorProbe} counts by. Each value
 * stands for the {@link SendException} the asker got.
 */
public enum AskFailure {
  /** The reply, or room in a full mailbox, did not come in time ({@link SendException.Timeout}). */
  TIMEOUT,
  /** A try-ask found the bounded mailbox full ({@link SendException.MailboxFull}). */
  MAILBOX_FULL,
  /**
   * The actor was not running or stopped before it replied ({@link SendException.ActorNotRunning},
   * {@link SendException.ActorStopped}).
   */
  ACTOR_STOPPED,
  /** The handler threw ({@link SendException.HandlerFailed} and its subclass {@code Restarted}). */
  HANDLER_FAILED,
  /** The asker's thread was interrupted while it waited ({@link SendException.Interrupted}). */
  INTERRUPTED;

  /** Returns the reason that {@code error}, an ask's failure, stands for. */
  public static AskFailure of(Throwable error) {
    return switch (error) {
      case SendException.Timeout t -> TIMEOUT;
      case SendException.MailboxFull f -> MAILBOX_FULL;
      case SendException.ActorNotRunning n -> ACTOR_STOPPED;
      case SendException.ActorStopped s -> ACTOR_STOPPED;
      case SendException.Interrupted i -> INTERRUPTED;
      default -> HANDLER_FAILED; // HandlerFailed, or a failure a reply sender passed on as is
    };
  }
}
