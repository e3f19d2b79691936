package io.kameo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a concrete actor class as one that peers can message remotely, and names it on the wire.
 *
 * <p>The {@linkplain #value() id} identifies the actor class across nodes, like the {@code
 * REMOTE_ID} of a Rust Kameo {@code #[derive(RemoteActor)]}; each handler that peers may call is
 * marked {@link RemoteMessage @RemoteMessage}. The annotation processor resolves the id at compile
 * time and the actor's generated handler table registers it, with one entry per remote handler, in
 * {@code io.kameo.spi.RemoteMessages}; nothing is computed or looked up by reflection at run time.
 *
 * <p>Only concrete actor classes may carry it, and ids must be unique: two classes compiled
 * together with the same id are a compile error, and two loaded classes with the same id fail when
 * the second one registers. A concrete subclass that inherits remote handlers needs its own
 * {@code @RemoteActor} (with its own id). The annotation has class retention.
 *
 * <pre>{@code
 * @RemoteActor("counter")
 * final class Counter implements Actor<Counter> {
 *   @Handler
 *   @RemoteMessage("5b1a0f5e-3a8e-4a47-9b5c-2f9d1c7e6a01")
 *   long inc(Inc msg) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RemoteActor {

  /**
   * Returns the actor's remote id; empty (the default) means the class's binary name, as {@link
   * Class#getName()} gives it: {@code p.Outer$Counter} for a class {@code Counter} nested in {@code
   * p.Outer}. Set an explicit id to keep it stable when the class is renamed or moved. A non-empty
   * id must not be blank.
   */
  String value() default "";
}
