package io.kameo.test;

import io.kameo.Actor;
import io.kameo.ActorBuilder;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.ShutdownResult;
import io.kameo.StopReason;
import io.kameo.test.internal.ProbeActor;
import io.kameo.test.internal.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opentest4j.AssertionFailedError;

/**
 * The actors of one test: spawns them, creates {@link TestProbe}s, asserts how actors stopped, and
 * when it {@linkplain #close() closes} stops them all and fails if one did not stop or panicked
 * without the test expecting it.
 *
 * <p>With JUnit 5, {@link KameoExtension} gives each test its own kit as a parameter and closes it
 * after the test:
 *
 * <pre>{@code
 * @ExtendWith(KameoExtension.class)
 * class ThermostatTest {
 *   @Test
 *   void reports_each_reading(ActorTestKit kit) {
 *     ActorRef<Sensor> sensor = kit.spawn(new Sensor());
 *     TestProbe<Reading> probe = kit.createProbe();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * Without JUnit, use it in a {@code try}-with-resources block.
 *
 * <h2>Closing</h2>
 *
 * {@link #close()} stops every actor the kit spawned or {@linkplain #track tracks}, its probes
 * included, gracefully (queued messages are handled first), and waits at most {@link
 * TestKitSettings#stopTimeout()} (dilated) for all of them. An actor still running then is killed
 * and reported. So is an actor that stopped with {@link StopReason.Panicked}, and one whose {@link
 * Actor#onStop} threw, unless the test checked its outcome with {@link #expectStopped}. The report
 * is one {@link AssertionFailedError} listing every such actor, for example:
 *
 * <pre>
 * 2 actors of this test ended badly:
 *   Worker#7 did not stop within 5s of stopGracefully (killed)
 *   Parser#9 panicked unexpectedly: Panicked(HANDLER, java.lang.IllegalStateException: boom)
 * </pre>
 *
 * with each failure attached as a suppressed exception.
 *
 * <h2>Concurrency</h2>
 *
 * A kit may be used from any thread; spawning after {@link #close()} has begun throws {@link
 * IllegalStateException}. A null argument to any method throws {@link NullPointerException}.
 * Everything an actor did before it stopped <i>happens-before</i> {@link #expectStopped} returns
 * its reason.
 */
public final class ActorTestKit implements AutoCloseable {
  private final TestKitSettings settings;
  private final ConcurrentLinkedQueue<ActorRef<?>> tracked = new ConcurrentLinkedQueue<>();
  private final Set<ActorRef<?>> checked = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ActorTestKit(TestKitSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Returns a kit with {@link TestKitSettings#defaults()}. */
  public static ActorTestKit create() {
    return new ActorTestKit(TestKitSettings.defaults());
  }

  /** Returns a kit with {@code settings}. */
  public static ActorTestKit create(TestKitSettings settings) {
    return new ActorTestKit(settings);
  }

  /** Returns the kit's settings. */
  public TestKitSettings settings() {
    return settings;
  }

  /**
   * Spawns {@code actor} with the default options and tracks it.
   *
   * @throws IllegalStateException if the kit is closed, or as {@link Actor#spawn} throws
   */
  public <A extends Actor<A>> ActorRef<A> spawn(A actor) {
    return spawn(Actor.builder(actor));
  }

  /**
   * Spawns the actor {@code builder} describes and tracks it.
   *
   * <pre>{@code
   * ActorRef<Worker> worker = kit.spawn(Actor.builder(new Worker()).mailbox(Mailbox.bounded(2)));
   * }</pre>
   *
   * @throws IllegalStateException if the kit is closed (an actor spawned as it closed is stopped),
   *     or as {@link ActorBuilder#spawn} throws
   */
  public <A extends Actor<A>> ActorRef<A> spawn(ActorBuilder<A> builder) {
    Objects.requireNonNull(builder, "builder");
    checkOpen();
    return track(builder.spawn());
  }

  /**
   * Tracks {@code ref}, an actor spawned elsewhere (a child, or one the code under test spawned),
   * so that closing the kit stops and checks it as one of its own; returns {@code ref}.
   *
   * @throws IllegalStateException if the kit is closed (the actor is then stopped gracefully)
   */
  public <A extends Actor<A>> ActorRef<A> track(ActorRef<A> ref) {
    Objects.requireNonNull(ref, "ref");
    tracked.add(ref);
    // close() sets `closed` before it copies `tracked`: an add it may have missed sees `closed`
    if (closed.get()) {
      ref.stopGracefully();
      throw new IllegalStateException("the test kit is closed; " + ref + " was stopped");
    }
    return ref;
  }

  /** Creates a probe named {@code probe}. */
  public <M> TestProbe<M> createProbe() {
    return createProbe("probe");
  }

  /**
   * Creates a probe with {@code name} (used in its failure messages and its thread's name). The kit
   * stops it when it closes.
   *
   * @throws IllegalStateException if the kit is closed
   */
  public <M> TestProbe<M> createProbe(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    ActorRef<ProbeActor> ref =
        Actor.builder(new ProbeActor(received)).mailbox(Mailbox.unbounded()).name(name).spawn();
    track(ref);
    return new TestProbe<>(ref, received, settings);
  }

  /**
   * Expects {@code ref} to stop with a reason of class {@code reason} within the default expect
   * timeout; returns the reason.
   */
  public <R extends StopReason> R expectStopped(ActorRef<?> ref, Class<R> reason) {
    return expectStopped(ref, reason, settings.expectTimeout());
  }

  /**
   * Expects {@code ref} to stop with a reason of class {@code reason} within {@code max} (dilated);
   * returns the reason. Declares the actor's outcome checked, so that closing the kit does not
   * report its panic.
   *
   * <pre>{@code
   * StopReason.Panicked panic = kit.expectStopped(parser, StopReason.Panicked.class);
   * }</pre>
   *
   * @throws AssertionFailedError if the actor is still running after {@code max}, or stopped with
   *     another reason; for example {@code expected Parser#9 to stop with Panicked within 3s but it
   *     is still running}, or {@code expected Parser#9 to stop with Panicked but it stopped with
   *     Normal}
   */
  public <R extends StopReason> R expectStopped(ActorRef<?> ref, Class<R> reason, Duration max) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(max, "max");
    Wait wait = new Wait(max, settings.dilated(max), settings.timeFactor());
    String expected = "expected " + label(ref) + " to stop with " + reason.getSimpleName();
    ShutdownResult result = awaitShutdown(ref, wait);
    if (result == null) {
      throw new AssertionFailedError(expected + " within " + wait + " but it is still running");
    }
    checked.add(ref);
    StopReason actual = result.reason();
    if (!reason.isInstance(actual)) {
      AssertionFailedError error =
          new AssertionFailedError(
              expected + " but it stopped with " + actual, reason.getSimpleName(), actual);
      if (actual instanceof StopReason.Panicked p) {
        error.initCause(p.error());
      }
      throw error;
    }
    return reason.cast(actual);
  }

  /**
   * Stops every tracked actor and probe and reports those that ended badly (see the class
   * documentation). Calling it again does nothing.
   *
   * @throws AssertionFailedError listing the actors that did not stop in time, panicked without the
   *     test expecting it, or whose {@code onStop} threw; or, if the calling thread is interrupted
   *     while it waits, saying so (every actor is then killed, the interrupt flag set again)
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<ActorRef<?>> refs = new ArrayList<>(new LinkedHashSet<>(tracked)); // tracked twice: once
    refs.forEach(ActorRef::stopGracefully);
    Duration stop = settings.stopTimeout();
    Wait wait = new Wait(stop, settings.dilated(stop), settings.timeFactor());
    List<String> problems = new ArrayList<>();
    List<Throwable> causes = new ArrayList<>();
    for (ActorRef<?> ref : refs) {
      ShutdownResult result;
      try {
        result = awaitShutdown(ref, wait);
      } catch (AssertionFailedError interrupted) {
        refs.forEach(ActorRef::kill); // no waiting left: nothing may outlive the test
        throw interrupted;
      }
      if (result == null) {
        ref.kill(); // releases its thread; a handler that ignores interrupts keeps it, reported
        problems.add(label(ref) + " did not stop within " + wait + " of stopGracefully (killed)");
        continue;
      }
      if (checked.contains(ref)) {
        continue;
      }
      if (result.reason() instanceof StopReason.Panicked p) {
        problems.add(label(ref) + " panicked unexpectedly: " + p);
        causes.add(p.error());
      }
      result
          .onStopFailure()
          .ifPresent(
              error -> {
                problems.add(label(ref) + " failed in onStop: " + error);
                causes.add(error);
              });
    }
    if (!problems.isEmpty()) {
      String header =
          problems.size() == 1
              ? "1 actor of this test ended badly:"
              : problems.size() + " actors of this test ended badly:";
      AssertionFailedError error =
          new AssertionFailedError(header + "\n  " + String.join("\n  ", problems));
      causes.forEach(error::addSuppressed);
      throw error;
    }
  }

  @Override
  public String toString() {
    return "ActorTestKit[" + tracked.size() + " actors, " + settings + "]";
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the test kit is closed");
    }
  }

  /** Waits for {@code ref} to stop until {@code wait} has passed; null if it is still running. */
  private static ShutdownResult awaitShutdown(ActorRef<?> ref, Wait wait) {
    CompletableFuture<ShutdownResult> shutdown = ref.shutdown().toCompletableFuture();
    try {
      return shutdown.get(wait.remainingNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionFailedError(
          "interrupted after " + wait.elapsed() + " waiting for " + label(ref) + " to stop", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the shutdown of " + label(ref) + " failed", e.getCause());
    }
  }

  private static String label(ActorRef<?> ref) {
    return ref.name() + "#" + ref.id();
  }
}
