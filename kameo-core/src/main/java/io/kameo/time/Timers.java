package io.kameo.time;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import java.time.Duration;
import java.util.Objects;

/**
 * Tells actors messages later: once after a delay, at a fixed rate, or with a fixed delay between
 * ticks. Each call returns a {@link Timer} that can be cancelled; a timer also ends by itself when
 * its actor stops for good (a supervised actor's restart is not a stop).
 *
 * <pre>{@code
 * Timers timers = Timers.system();
 * Timer heartbeat = timers.tellAtFixedRate(Duration.ZERO, Duration.ofSeconds(1), monitor, new Beat());
 * timers.tellAfter(Duration.ofSeconds(30), session, new Expire());
 * heartbeat.cancel();
 * }</pre>
 *
 * <h2>Time</h2>
 *
 * Time comes from the {@link Clock} the instance was made with: {@link #system()} uses real time,
 * {@link #create(Clock)} any clock, such as a test's manual one. An actor that uses timers takes a
 * {@code Timers} in its constructor, so that a test can hand it a manual clock.
 *
 * <h2>Delivery</h2>
 *
 * All timers of a clock share its scheduler; {@link Clock#system()} has one daemon thread for the
 * whole process, never one per timer. A due tick is told with {@link ActorRef#tryTell}, which never
 * blocks, so one actor's full mailbox never delays another actor's ticks:
 *
 * <ul>
 *   <li>a periodic tick that finds the bounded mailbox full is skipped and counted ({@link
 *       Timer#skippedTicks()}): the next one comes at its own time, and ticks do not pile up behind
 *       a slow actor;
 *   <li>a one-shot tick that finds it full is handed to a virtual thread that waits for room, as
 *       {@link ActorRef#tell} does (up to the actor's mailbox timeout): a one-shot message is not
 *       lost because the mailbox was full for a moment. The timer stays active, and {@link
 *       Timer#cancel()} withdraws the tick, until it is in the mailbox.
 * </ul>
 *
 * <p>A fixed-rate timer's ticks are due at {@code start + initialDelay + k * period}, whatever the
 * delays; late ticks are told as soon as possible. A fixed-delay timer's next tick is due {@code
 * delay} after the previous one was told. Ticks are told in order, from one sender.
 *
 * <p>Memory consistency effects: actions in a thread before it starts a timer happen-before each of
 * that timer's ticks is handled.
 */
public final class Timers {
  private static final Timers SYSTEM = new Timers(Clock.system());

  private final Clock clock;

  private Timers(Clock clock) {
    this.clock = clock;
  }

  /** Returns the timers of real time ({@link Clock#system()}), shared by the process. */
  public static Timers system() {
    return SYSTEM;
  }

  /** Returns timers driven by {@code clock}, for example a test's manual clock. */
  public static Timers create(Clock clock) {
    return new Timers(Objects.requireNonNull(clock, "clock"));
  }

  /** Returns the clock these timers run on. */
  public Clock clock() {
    return clock;
  }

  /**
   * Tells {@code target} the {@code message} once, after {@code delay}.
   *
   * @throws IllegalArgumentException if {@code delay} is negative, or the actor has no handler for
   *     the message
   * @throws io.kameo.SendException.ActorNotRunning if the actor has stopped
   */
  public <A extends Actor<A>> Timer tellAfter(
      Duration delay, ActorRef<A> target, Message<? super A, ?> message) {
    long delayNanos = nanos(delay, "delay");
    return Timer.start(clock, Timer.Kind.ONCE, delayNanos, 0, target, message);
  }

  /**
   * Tells {@code target} the {@code message} after {@code initialDelay} and then every {@code
   * period}, measured from the first tick's due time (so the rate does not drift).
   *
   * @throws IllegalArgumentException if {@code initialDelay} is negative, {@code period} is not
   *     positive, or the actor has no handler for the message
   * @throws io.kameo.SendException.ActorNotRunning if the actor has stopped
   */
  public <A extends Actor<A>> Timer tellAtFixedRate(
      Duration initialDelay, Duration period, ActorRef<A> target, Message<? super A, ?> message) {
    return periodic(Timer.Kind.FIXED_RATE, initialDelay, period, "period", target, message);
  }

  /**
   * Tells {@code target} the {@code message} after {@code initialDelay} and then each time {@code
   * delay} after the previous tick was told.
   *
   * @throws IllegalArgumentException if {@code initialDelay} is negative, {@code delay} is not
   *     positive, or the actor has no handler for the message
   * @throws io.kameo.SendException.ActorNotRunning if the actor has stopped
   */
  public <A extends Actor<A>> Timer tellWithFixedDelay(
      Duration initialDelay, Duration delay, ActorRef<A> target, Message<? super A, ?> message) {
    return periodic(Timer.Kind.FIXED_DELAY, initialDelay, delay, "delay", target, message);
  }

  private <A extends Actor<A>> Timer periodic(
      Timer.Kind kind,
      Duration initialDelay,
      Duration period,
      String periodName,
      ActorRef<A> target,
      Message<? super A, ?> message) {
    long first = nanos(initialDelay, "initialDelay");
    long every = nanos(period, periodName);
    if (every == 0) {
      throw new IllegalArgumentException(periodName + " must be positive: " + period);
    }
    return Timer.start(clock, kind, first, every, target, message);
  }

  private static long nanos(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
  }

  @Override
  public String toString() {
    return "Timers[" + clock + "]";
  }
}
