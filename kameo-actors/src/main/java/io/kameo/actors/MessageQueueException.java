package io.kameo.actors;

import java.util.Objects;

/**
 * Why a {@link MessageQueue} refused an operation: a closed family of unchecked exceptions, each
 * naming the exchange, queue or binding concerned. Nothing was changed.
 */
public abstract sealed class MessageQueueException extends RuntimeException
    permits MessageQueueException.NotFound,
        MessageQueueException.AlreadyExists,
        MessageQueueException.InUse {

  /** What an exception is about. */
  public enum Kind {
    /** An exchange. */
    EXCHANGE,
    /** A queue. */
    QUEUE,
    /** A binding of a queue to an exchange. */
    BINDING
  }

  private final Kind kind;
  private final String name;

  MessageQueueException(Kind kind, String name, String problem) {
    super(kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "' " + problem);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Returns whether an exchange, a queue or a binding is concerned. */
  public Kind kind() {
    return kind;
  }

  /** Returns the name of the exchange or queue, or a binding's description. */
  public String name() {
    return name;
  }

  /** No exchange, queue or binding of that name exists. */
  public static final class NotFound extends MessageQueueException {
    /** Creates the exception for the {@code kind} called {@code name}. */
    public NotFound(Kind kind, String name) {
      super(kind, name, "not found");
    }
  }

  /** An exchange, queue or binding of that name exists already. */
  public static final class AlreadyExists extends MessageQueueException {
    /** Creates the exception for the {@code kind} called {@code name}. */
    public AlreadyExists(Kind kind, String name) {
      super(kind, name, "already exists");
    }
  }

  /**
   * The exchange has bindings, or the queue has consumers, and was to be deleted only if unused.
   */
  public static final class InUse extends MessageQueueException {
    /** Creates the exception for the {@code kind} called {@code name}. */
    public InUse(Kind kind, String name) {
      super(kind, name, "is in use");
    }
  }
}
