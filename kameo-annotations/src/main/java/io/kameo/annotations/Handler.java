package io.kameo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an actor class as the handler of one message type.
 *
 * <p>The method takes the message as its first parameter and, optionally, the actor's {@code
 * io.kameo.Context} as its second. Its return type is the message's reply type {@code R} (from
 * {@code Message<A, R>}), its primitive form, {@code void} when {@code R} is {@code Void}, or
 * {@code io.kameo.DelegatedReply<R>} when the handler replies later. The annotation processor
 * checks all of this at compile time and generates the actor's handler table; nothing is looked up
 * by reflection when a message is handled.
 *
 * <p>A handler must be neither {@code private} nor {@code static}, nor generic; it may throw
 * checked exceptions, which go to {@code Actor.onPanic}. Each message type has at most one handler
 * per actor class; the message's actor type ({@code A}) must be the actor class or a supertype of
 * it, such as a protocol interface the actor implements. Handlers are inherited: an abstract actor
 * class gets no table of its own, and each concrete subclass's table includes the superclass
 * handlers (an override without {@code @Handler} still handles the message). When a message matches
 * several handled types (a record and a sealed interface it implements), the most specific handler
 * runs. Concrete actor classes must not be generic or {@code private}; anonymous and local classes
 * get no table.
 *
 * <pre>{@code
 * final class Counter implements Actor<Counter> {
 *   private long count;
 *
 *   @Handler
 *   long inc(Inc msg) {
 *     return count += msg.amount();
 *   }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Handler {}
