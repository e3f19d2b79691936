package io.kameo;

/**
 * Something that accepts tells of one message type, whatever actor class is behind it.
 *
 * <pre>{@code
 * Recipient<LogLine> sink = fileWriter.recipient();
 * sink.tell(new LogLine("started"));
 * }</pre>
 *
 * @param <M> the message type
 */
public interface Recipient<M> {
  /** Returns the id of the actor behind this recipient. */
  ActorId id();

  /** Returns whether the actor accepts messages. */
  boolean isAlive();

  /** Sends {@code message}, as {@link ActorRef#tell} does. */
  void tell(M message);

  /** Sends {@code message} if there is room now, as {@link ActorRef#tryTell} does. */
  boolean tryTell(M message);
}
