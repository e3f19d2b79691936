package io.kameo.test;

import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.Recipient;
import io.kameo.ReplyRecipient;
import io.kameo.test.internal.ProbeActor;
import io.kameo.test.internal.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.opentest4j.AssertionFailedError;

/**
 * A probe: an actor that records every message it is sent, so a test can pass it where the code
 * under test expects a {@link Recipient} (a subscriber, a reply target), or through {@link
 * #replyingWith} a {@link ReplyRecipient} it asks, and then check what arrived. Create one with
 * {@link ActorTestKit#createProbe()}.
 *
 * <pre>{@code
 * TestProbe<Reading> probe = kit.createProbe();
 * sensor.tell(new Subscribe(probe)); // the probe is a Recipient<Reading>
 * probe.expectMessage(new Reading(21));
 * }</pre>
 *
 * <p>Each expectation takes the oldest message not yet taken, waiting at most a bound: the given
 * {@code max}, or {@link TestKitSettings#expectTimeout()}, stretched by the {@linkplain
 * TestKitSettings#timeFactor() time factor}. A message that does not match is taken all the same.
 * Messages from one sender arrive in the order they were sent.
 *
 * <h2>Failures</h2>
 *
 * An expectation that is not met throws {@link AssertionFailedError} whose message names the probe,
 * what was expected, what arrived and how long the probe waited, for example:
 *
 * <ul>
 *   <li>{@code probe#12: expected Reading[celsius=21] within 3s but no message arrived}
 *   <li>{@code probe#12: expected Reading[celsius=21] but received Reading[celsius=19] after 4ms}
 *   <li>{@code probe#12: expected a message of class Alarm within 3s but no message arrived}
 *   <li>{@code probe#12: expected a message matching "above 20" but received Reading[celsius=19]
 *       after 4ms}
 *   <li>{@code probe#12: expected no message for 100ms but received Reading[celsius=19] after 2ms}
 *   <li>{@code probe#12: expected 3 messages within 3s but received 2: [Reading[celsius=19],
 *       Reading[celsius=20]]}
 *   <li>{@code probe#12: expected the fisher to complete within 3s but it did not; received
 *       [Reading[celsius=19]]}
 * </ul>
 *
 * A wait the time factor stretched says so: {@code within 6s (3s x time factor 2)}. A test thread
 * interrupted while a probe waits gets an {@code AssertionFailedError} caused by the {@link
 * InterruptedException}, with its interrupt flag set again.
 *
 * <h2>Concurrency</h2>
 *
 * Any thread may send to a probe. Expectations are meant for one test thread at a time. A null
 * argument to any method throws {@link NullPointerException}. Actions of a sender before it sends a
 * message <i>happen-before</i> the expectation that returns it.
 *
 * @param <M> the type of the messages the probe records
 */
public final class TestProbe<M> implements Recipient<M> {
  private final ActorRef<ProbeActor> ref;
  private final Recipient<M> recipient;
  private final BlockingQueue<Object> received;
  private final TestKitSettings settings;
  private final String label;

  @SuppressWarnings("unchecked") // the probe's actor accepts every type, so any M is fine
  TestProbe(ActorRef<ProbeActor> ref, BlockingQueue<Object> received, TestKitSettings settings) {
    this.ref = ref;
    this.recipient = (Recipient<M>) (Recipient<?>) ref.<Message<ProbeActor, ?>>recipient();
    this.received = received;
    this.settings = settings;
    this.label = ref.name() + "#" + ref.id();
  }

  /** Returns the id of the probe's actor. */
  @Override
  public ActorId id() {
    return ref.id();
  }

  /** Returns whether the probe still accepts messages: until its kit closes. */
  @Override
  public boolean isAlive() {
    return ref.isAlive();
  }

  /** Records {@code message}, as a tell to the probe's actor; the probe's mailbox is unbounded. */
  @Override
  public void tell(M message) {
    recipient.tell(message);
  }

  /** Records {@code message}, as {@link #tell} does; returns true (the mailbox never fills). */
  @Override
  public boolean tryTell(M message) {
    return recipient.tryTell(message);
  }

  /**
   * Returns the probe as a {@link ReplyRecipient} that answers each ask with what {@code answer}
   * returns for its message, for code under test that asks a collaborator. Asks and tells through
   * it are recorded like any other message; the answer runs on the probe's own thread after the
   * message is recorded. An answer that throws fails that ask with {@link
   * io.kameo.SendException.HandlerFailed} and the probe goes on. The last answer given answers
   * every ask queued after it, through any of the probe's reply recipients.
   *
   * <pre>{@code
   * TestProbe<Load> backend = kit.createProbe();
   * ActorRef<Cache> cache = kit.spawn(new Cache(backend.replyingWith(load -> "v" + load.key())));
   * assertEquals("v1", cache.ask(new Get(1)));
   * backend.expectMessage(new Load(1)); // the cache asked the backend once
   * }</pre>
   */
  @SuppressWarnings("unchecked") // the probe's actor accepts every type, so any M is fine
  public <R> ReplyRecipient<M, R> replyingWith(Function<? super M, ? extends R> answer) {
    Objects.requireNonNull(answer, "answer");
    ref.tell(new ProbeActor.AnswerWith(message -> answer.apply((M) message)));
    return (ReplyRecipient<M, R>)
        (ReplyRecipient<?, ?>) ref.<Message<ProbeActor, Object>, Object>replyRecipient();
  }

  /** Returns the next message, waiting at most the default expect timeout. */
  public M receiveMessage() {
    return receiveMessage(settings.expectTimeout());
  }

  /** Returns the next message, waiting at most {@code max} (dilated). */
  public M receiveMessage(Duration max) {
    Wait wait = start(max);
    return next(wait, "a message");
  }

  /** Expects the next message to equal {@code expected} within the default expect timeout. */
  public M expectMessage(M expected) {
    return expectMessage(expected, settings.expectTimeout());
  }

  /**
   * Expects the next message to equal {@code expected} within {@code max} (dilated); returns it.
   *
   * @throws AssertionFailedError if no message arrived in time, or the next one is not equal
   */
  public M expectMessage(M expected, Duration max) {
    Objects.requireNonNull(expected, "expected");
    Wait wait = start(max);
    M message = next(wait, String.valueOf(expected));
    if (!expected.equals(message)) {
      throw new AssertionFailedError(
          mismatch(String.valueOf(expected), message, wait), expected, message);
    }
    return message;
  }

  /** Expects the next message to be of class {@code type} within the default expect timeout. */
  public <T extends M> T expectMessageClass(Class<T> type) {
    return expectMessageClass(type, settings.expectTimeout());
  }

  /**
   * Expects the next message to be an instance of {@code type} within {@code max} (dilated);
   * returns it.
   *
   * @throws AssertionFailedError if no message arrived in time, or the next one is of another class
   */
  public <T extends M> T expectMessageClass(Class<T> type, Duration max) {
    Objects.requireNonNull(type, "type");
    Wait wait = start(max);
    String what = "a message of class " + type.getSimpleName();
    M message = next(wait, what);
    if (!type.isInstance(message)) {
      throw new AssertionFailedError(mismatch(what, message, wait), type, message.getClass());
    }
    return type.cast(message);
  }

  /**
   * Expects the next message to satisfy {@code condition} within the default expect timeout.
   *
   * @param description what the condition checks, for the failure message
   */
  public M expectMessageThat(Predicate<? super M> condition, String description) {
    return expectMessageThat(condition, description, settings.expectTimeout());
  }

  /**
   * Expects the next message to satisfy {@code condition} within {@code max} (dilated); returns it.
   *
   * @param description what the condition checks, for the failure message
   * @throws AssertionFailedError if no message arrived in time, or the next one does not satisfy it
   */
  public M expectMessageThat(Predicate<? super M> condition, String description, Duration max) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(description, "description");
    Wait wait = start(max);
    String what = "a message matching \"" + description + "\"";
    M message = next(wait, what);
    if (!condition.test(message)) {
      throw new AssertionFailedError(mismatch(what, message, wait));
    }
    return message;
  }

  /** Expects no message for the default no-message timeout. */
  public void expectNoMessage() {
    expectNoMessage(settings.noMessageTimeout());
  }

  /**
   * Expects no message for {@code duration} (dilated): waits that long and fails if one arrives.
   *
   * @throws AssertionFailedError if a message arrived (it is taken)
   */
  public void expectNoMessage(Duration duration) {
    Wait wait = start(duration);
    M message = poll(wait, "no message");
    if (message != null) {
      throw new AssertionFailedError(
          label
              + ": expected no message for "
              + wait
              + " but received "
              + message
              + " after "
              + wait.elapsed());
    }
  }

  /** Returns the next {@code n} messages, waiting at most the default expect timeout for all. */
  public List<M> receiveMessages(int n) {
    return receiveMessages(n, settings.expectTimeout());
  }

  /**
   * Returns the next {@code n} messages, waiting at most {@code max} (dilated) for all of them.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws AssertionFailedError if fewer than {@code n} arrived in time (those are taken)
   */
  public List<M> receiveMessages(int n, Duration max) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    Wait wait = start(max);
    List<M> messages = new ArrayList<>(n);
    while (messages.size() < n) {
      M message = poll(wait, n + " messages");
      if (message == null) {
        throw new AssertionFailedError(
            label
                + ": expected "
                + n
                + " messages within "
                + wait
                + " but received "
                + messages.size()
                + ": "
                + messages);
      }
      messages.add(message);
    }
    return messages;
  }

  /** Fishes with {@code fisher}, waiting at most the default expect timeout in all. */
  public List<M> fishForMessage(Function<? super M, FishingOutcome> fisher) {
    return fishForMessage(fisher, settings.expectTimeout());
  }

  /**
   * Takes messages one by one and asks {@code fisher} what to do with each, until it answers {@link
   * FishingOutcome#COMPLETE}, waiting at most {@code max} (dilated) in all. Returns the messages it
   * kept ({@code CONTINUE} and the final {@code COMPLETE}, not {@code IGNORE}).
   *
   * @throws AssertionFailedError if the fisher did not complete in time; what the fisher throws
   */
  public List<M> fishForMessage(Function<? super M, FishingOutcome> fisher, Duration max) {
    Objects.requireNonNull(fisher, "fisher");
    Wait wait = start(max);
    List<M> kept = new ArrayList<>();
    List<M> seen = new ArrayList<>();
    while (true) {
      M message = poll(wait, "the fisher to complete");
      if (message == null) {
        throw new AssertionFailedError(
            label
                + ": expected the fisher to complete within "
                + wait
                + " but it did not; received "
                + seen);
      }
      seen.add(message);
      FishingOutcome outcome = Objects.requireNonNull(fisher.apply(message), "fisher outcome");
      if (outcome != FishingOutcome.IGNORE) {
        kept.add(message);
      }
      if (outcome == FishingOutcome.COMPLETE) {
        return kept;
      }
    }
  }

  @Override
  public String toString() {
    return "TestProbe[" + label + "]";
  }

  private Wait start(Duration max) {
    Objects.requireNonNull(max, "max");
    return new Wait(max, settings.dilated(max), settings.timeFactor());
  }

  /** Takes the next message, or fails saying {@code expected} did not arrive in time. */
  private M next(Wait wait, String expected) {
    M message = poll(wait, expected);
    if (message == null) {
      throw new AssertionFailedError(
          label + ": expected " + expected + " within " + wait + " but no message arrived");
    }
    return message;
  }

  /** Takes the next message, or returns null once the wait has passed. */
  @SuppressWarnings("unchecked") // only the probe's M reaches its queue, through its Recipient<M>
  private M poll(Wait wait, String expected) {
    try {
      return (M) received.poll(wait.remainingNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionFailedError(
          label + ": interrupted after " + wait.elapsed() + " waiting for " + expected, e);
    }
  }

  private String mismatch(String expected, M message, Wait wait) {
    return label
        + ": expected "
        + expected
        + " but received "
        + message
        + " after "
        + wait.elapsed();
  }
}
