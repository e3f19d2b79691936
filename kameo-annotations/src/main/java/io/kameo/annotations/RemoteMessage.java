package io.kameo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link Handler @Handler} method of a {@link RemoteActor @RemoteActor} class as callable
 * by peers, and names its message on the wire.
 *
 * <p>The {@linkplain #value() id} is the Java counterpart of Rust Kameo's {@code
 * #[remote_message("<uuid>")]}: together with the actor's id it selects the handler that an
 * incoming message is for. Any non-blank string is accepted; use a random UUID, chosen once and
 * never changed, so that ids stay unique and survive renaming the message type. Ids must be unique
 * within the actor class, inherited handlers included. The annotation processor reports it on a
 * method without {@code @Handler}, and on handlers of a concrete actor class that lacks
 * {@code @RemoteActor}. A handler that is not remote must not handle a subtype of a remote
 * handler's message type (a remote message of that subtype would run it). The annotation has class
 * retention.
 *
 * <pre>{@code
 * @Handler
 * @RemoteMessage("5b1a0f5e-3a8e-4a47-9b5c-2f9d1c7e6a01")
 * long inc(Inc msg) {
 *   return count += msg.amount();
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RemoteMessage {

  /** Returns the message id, unique within the actor class; a UUID is recommended. */
  String value();
}
