package io.kameo;

/**
 * A message that actors of type {@code A} handle, answering with a reply of type {@code R}.
 *
 * <p>Each message type is its own class, usually a record. The type parameters make {@link
 * ActorRef#ask} statically typed: {@code ref.ask(new Inc(1))} returns the handler's reply type with
 * no cast and no class token, and sending a message to an actor that does not handle it does not
 * compile.
 *
 * <pre>{@code
 * record Inc(long amount) implements Message<Counter, Long> {}
 * record Reset() implements Message<Counter, Void> {}   // no reply: the handler returns void
 * }</pre>
 *
 * <p>{@code A} may be the actor class itself or an interface that several actor classes implement
 * (a protocol), in which case every actor implementing it accepts the message. Messages are handed
 * from one thread to another; make them immutable.
 *
 * @param <A> the actor type, or a protocol interface that handling actors implement
 * @param <R> the reply type; {@code Void} for messages without a reply
 */
public interface Message<A, R> {}
