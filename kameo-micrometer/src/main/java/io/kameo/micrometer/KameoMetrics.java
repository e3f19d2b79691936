package io.kameo.micrometer;

import io.kameo.spi.Observers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Reports Kameo's actors and remote swarms to a Micrometer {@link MeterRegistry}: actors alive and
 * stopped, messages handled, mailbox depth, handler time and failed asks per actor class, and the
 * remote actor protocol's bytes and connected peers. The guide's observability chapter lists every
 * meter with its type and tags.
 *
 * <pre>{@code
 * KameoMetrics metrics = KameoMetrics.create();
 * metrics.bindTo(registry); // before the actors to observe are spawned
 * }</pre>
 *
 * <p>Binding installs a process-wide observer: one binding per process at a time (bind a {@code
 * CompositeMeterRegistry} to report to several registries). Actors are observed if they were
 * spawned while it was bound, and they keep reporting until they stop, also after {@link #close}.
 * Tags are bounded: actors are told apart by class, never by id or name, and failures by a closed
 * set of reasons.
 *
 * <p>Without a binding, the runtime's only cost for metrics is one null test per message; with one,
 * each message costs two clock reads, a read of the mailbox's producer index and three meter
 * updates on the actor's thread.
 *
 * <p>Methods throw {@link NullPointerException} for null arguments.
 */
public final class KameoMetrics implements MeterBinder, AutoCloseable {
  private MeterObserver observer;

  private KameoMetrics() {}

  /** Returns a binding that is not bound yet. */
  public static KameoMetrics create() {
    return new KameoMetrics();
  }

  /**
   * Registers Kameo's meters with {@code registry} and starts observing the actors spawned from now
   * on and the swarms started from now on.
   *
   * @throws IllegalStateException if this binding is bound already, or another one is bound in this
   *     process
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (observer != null) {
      throw new IllegalStateException("these Kameo metrics are bound already");
    }
    MeterObserver made = new MeterObserver(registry);
    Observers.install(made);
    observer = made;
  }

  /**
   * Stops observing actors spawned and swarms started from now on; the meters stay in the registry.
   * Does nothing if this binding is not bound.
   */
  @Override
  public synchronized void close() {
    if (observer != null) {
      Observers.uninstall(observer);
      observer = null;
    }
  }
}
