package io.kameo;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a {@link Supervisor} makes and restarts one child: a factory of fresh instances, a {@link
 * RestartPolicy}, and the spawn options of {@link ActorBuilder}.
 *
 * <pre>{@code
 * ChildSpec<Worker> spec =
 *     ChildSpec.of(Worker::new)
 *         .restart(RestartPolicy.TRANSIENT)
 *         .options(b -> b.name("worker").mailbox(Mailbox.bounded(100)));
 * }</pre>
 *
 * <p>The factory runs once per incarnation: on the supervisor's thread for the first spawn, on the
 * child's own thread for each restart. It must return a new instance of the same class each time. A
 * spec is a value the supervisor keeps; it is not thread-safe while it is being configured.
 *
 * @param <A> the child's actor class
 */
public final class ChildSpec<A extends Actor<A>> {
  private final Supplier<? extends A> factory;
  private RestartPolicy policy = RestartPolicy.PERMANENT;
  private Consumer<? super ActorBuilder<A>> options = b -> {};

  private ChildSpec(Supplier<? extends A> factory) {
    this.factory = factory;
  }

  /** Returns a spec of a permanent child made by {@code factory}, with default spawn options. */
  public static <A extends Actor<A>> ChildSpec<A> of(Supplier<? extends A> factory) {
    return new ChildSpec<>(Objects.requireNonNull(factory, "factory"));
  }

  /** Sets when the child is restarted; the default is {@link RestartPolicy#PERMANENT}. */
  public ChildSpec<A> restart(RestartPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Sets the spawn options (name, mailbox, timeouts, thread, links) that {@code options} applies to
   * the child's {@link ActorBuilder}. They hold for the child's whole life: a restart keeps the
   * mailbox, links and reference.
   */
  public ChildSpec<A> options(Consumer<? super ActorBuilder<A>> options) {
    this.options = Objects.requireNonNull(options, "options");
    return this;
  }

  /** Returns the restart policy. */
  public RestartPolicy restartPolicy() {
    return policy;
  }

  /** Returns a new hand-over between a child of this spec and {@code supervisor}. */
  Supervision supervision(ActorCell<?> supervisor) {
    return new Supervision(factory, policy, supervisor);
  }

  /** Spawns the first incarnation of a child; on the supervisor's thread. */
  ActorRef<A> spawn(Supervision supervision) {
    A first = Objects.requireNonNull(factory.get(), "the factory returned null");
    ActorBuilder<A> builder = Actor.builder(first);
    options.accept(builder);
    return builder.spawn(supervision);
  }
}
