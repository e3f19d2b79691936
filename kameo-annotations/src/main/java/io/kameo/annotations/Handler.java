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
