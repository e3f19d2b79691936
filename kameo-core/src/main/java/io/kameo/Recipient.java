package io.kameo;

/**
 * Something that accepts tells of one message type, whatever actor class is behind it.
 *
 * <pre>{@code
 * Recipient<LogLine> sink = fileWriter.recipient();
 * sink.tell(new LogLine("started"));
 * }</pre>
 *
 * <p>The actor may live in this process ({@link ActorRef#recipient()}) or on another node ({@code
 * kameo-remote}'s {@code RemoteActorRef.recipient()}): code written against this interface works
 * with both. A local recipient throws {@link SendException}; a remote one throws the remote
 * module's unchecked exceptions, which hand an undelivered message back in the same way.
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
