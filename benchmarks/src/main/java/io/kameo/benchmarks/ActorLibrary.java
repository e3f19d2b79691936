package io.kameo.benchmarks;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * The adapter every workload is written against: one implementation per actor library (Kameo, Pekko
 * classic, Pekko typed), so that each workload exists once and runs the same shape of code on every
 * library.
 *
 * <p>An adapter spawns three kinds of actor, each of which checks its own work so that no benchmark
 * can pass without the library really delivering every message:
 *
 * <ul>
 *   <li>a <em>counter</em> that counts {@code Tick}s, checks per-sender FIFO order, counts down a
 *       shared latch when it has seen the expected number and counts down another when it stops;
 *   <li>an <em>echo</em> that answers an ask for {@code v} with {@code v + 1};
 *   <li>a <em>ping-pong pair</em>: a pinger that sends numbered pings to its ponger, which answers
 *       each with a pong carrying the same number; the pinger checks the number.
 * </ul>
 *
 * <p>Instances are not thread-safe for spawning, but the refs they return may be used from any
 * thread.
 */
interface ActorLibrary extends AutoCloseable {

  /** The adapter names in output order. */
  String KAMEO = "kameo";

  /** Pekko classic actors ({@code AbstractActor}) on the default dispatcher. */
  String PEKKO_CLASSIC = "pekko-classic";

  /** Pekko typed actors ({@code AbstractBehavior}) on the default dispatcher. */
  String PEKKO_TYPED = "pekko-typed";

  /** Returns one of {@link #KAMEO}, {@link #PEKKO_CLASSIC}, {@link #PEKKO_TYPED}. */
  String name();

  /** Spawns a counter actor. */
  CounterRef spawnCounter(CounterSpec spec);

  /** Spawns an echo actor with the library's default mailbox. */
  EchoRef spawnEcho();

  /**
   * Spawns {@code pairs} pinger/ponger pairs with default mailboxes; each pinger, once started,
   * does {@code roundTrips} sequential round trips and then counts {@code done} down once.
   */
  PingPong spawnPingPong(int pairs, long roundTrips, CountDownLatch done);

  /**
   * Spawns a flaky actor under the library's restart supervision (no limit, no backoff, no logging)
   * with an unbounded mailbox; it handles each message with {@link Flaky#handle}, which throws on
   * every {@code failEvery}-th one.
   */
  FlakyRef spawnFlaky(Flaky flaky);

  /**
   * Spawns {@code subscribers} counters (of {@code spec}, one sender) subscribed to a topic of the
   * library's ready-made pub/sub (issue 14).
   */
  FanOutRefs.TopicGroup spawnTopic(CounterSpec spec, int subscribers);

  /** Spawns a pool of {@code workers} echo actors behind the library's ready-made router. */
  FanOutRefs.PoolRef spawnPool(int workers);

  /** Stops everything this adapter started and waits for it. */
  @Override
  void close();

  /** Returns the adapter called {@code name}. */
  static ActorLibrary create(String name) {
    return switch (name) {
      case KAMEO -> new KameoLibrary();
      case PEKKO_CLASSIC -> new PekkoClassicLibrary();
      case PEKKO_TYPED -> new PekkoTypedLibrary();
      default -> throw new IllegalArgumentException("unknown actor library: " + name);
    };
  }

  /** The mailbox an actor gets. */
  sealed interface MailboxKind {
    /** The library's own default (Kameo: bounded 64; Pekko: its default unbounded mailbox). */
    MailboxKind DEFAULT = new Default();

    /** An unbounded mailbox. */
    MailboxKind UNBOUNDED = new Unbounded();

    /** A bounded mailbox whose senders block while it is full (never drops). */
    static MailboxKind bounded(int capacity) {
      return new Bounded(capacity);
    }

    /** See {@link #DEFAULT}. */
    record Default() implements MailboxKind {}

    /** See {@link #UNBOUNDED}. */
    record Unbounded() implements MailboxKind {}

    /** See {@link #bounded}. */
    record Bounded(int capacity) implements MailboxKind {
      public Bounded {
        if (capacity != 64 && capacity != 1024) {
          // the Pekko adapters configure exactly these two mailboxes
          throw new IllegalArgumentException("bounded capacity must be 64 or 1024: " + capacity);
        }
      }
    }
  }

  /**
   * What a counter is told to expect.
   *
   * @param mailbox its mailbox
   * @param senders how many senders will tell it (sender ids are {@code 0..senders-1})
   * @param expected how many ticks it will get in all; it counts {@code done} down on the last
   * @param done counted down once when the counter has handled {@code expected} ticks
   * @param stopped counted down once when the counter has stopped, or null
   */
  record CounterSpec(
      MailboxKind mailbox,
      int senders,
      long expected,
      CountDownLatch done,
      CountDownLatch stopped) {
    public CounterSpec {
      Objects.requireNonNull(mailbox, "mailbox");
      Objects.requireNonNull(done, "done");
      if (senders < 1) {
        throw new IllegalArgumentException("senders must be at least 1: " + senders);
      }
      if (expected < 1) {
        throw new IllegalArgumentException("expected must be at least 1: " + expected);
      }
    }
  }

  /** A counter actor. */
  interface CounterRef {
    /** Tells the counter one tick: the {@code seq}-th (from 1) of sender {@code sender}. */
    void tell(int sender, long seq);

    /** Asks the counter how many ticks it handled and how many arrived out of order. */
    Tally tally();

    /** Asks the counter to stop after the messages already queued (graceful stop). */
    void stop();
  }

  /**
   * What a counter saw.
   *
   * @param handled ticks handled
   * @param outOfOrder ticks whose sequence number was not the previous one of the same sender + 1
   */
  record Tally(long handled, long outOfOrder) {}

  /** An echo actor. */
  interface EchoRef {
    /** Asks the actor and waits for its answer, {@code value + 1}. */
    long ask(long value);

    /** Stops the actor and waits until it has stopped. */
    void stop();
  }

  /** A group of ping-pong pairs. */
  interface PingPong {
    /**
     * Asks every pinger and every ponger once and waits for the answers, so that no actor's
     * start-up falls into the timed part.
     */
    void probe();

    /** Sends every pinger its start message. */
    void start();

    /**
     * Returns the number of pongs that did not carry the number of the last ping, over all pairs.
     */
    long mismatches();

    /** Stops all pairs and waits until they have stopped. */
    void stop();
  }

  /** A flaky actor under supervision. */
  interface FlakyRef {
    /** Asks the actor once and waits for the answer (it is not counted as a handled message). */
    void probe();

    /** Tells the actor message number {@code seq} (from 1). */
    void tell(long seq);

    /** Stops the actor and its supervisor and waits until they have stopped. */
    void stop();
  }

  /**
   * What a flaky actor shares across its restarts: counts outside its own state (which a restart
   * resets), and the failure it injects.
   */
  final class Flaky {
    /**
     * The injected failure: one instance without a stack trace, so that each library pays for its
     * restart, not for filling in a trace.
     */
    static final RuntimeException FAILURE =
        new RuntimeException("injected failure", null, false, false) {};

    private final long failEvery;
    private final long expected;
    private final CountDownLatch done;
    private final java.util.concurrent.atomic.AtomicLong handled =
        new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong instances =
        new java.util.concurrent.atomic.AtomicLong();

    Flaky(long failEvery, long expected, CountDownLatch done) {
      this.failEvery = failEvery;
      this.expected = expected;
      this.done = done;
    }

    /** Called by each new instance of the actor (the first and every restarted one). */
    void started() {
      instances.incrementAndGet();
    }

    /** Counts message {@code seq}, counts {@code done} down on the last, throws on every k-th. */
    void handle(long seq) {
      if (handled.incrementAndGet() == expected) {
        done.countDown();
      }
      if (seq % failEvery == 0) {
        throw FAILURE;
      }
    }

    /** Messages that reached a handler, the failing ones included. */
    long handled() {
      return handled.get();
    }

    /** Instances made after the first. */
    long restarts() {
      return instances.get() - 1;
    }
  }

  /** Keeps the per-sender order check of a counter; used only by the counter's own thread. */
  final class OrderCheck {
    private final long[] last;
    private long lastOfSender0;
    long handled;
    long outOfOrder;

    OrderCheck(int senders) {
      // one sender (the common case, and the spawn workload's million actors) needs no array
      this.last = senders == 1 ? null : new long[senders];
    }

    /** Records a tick; returns the number handled so far. */
    long record(int sender, long seq) {
      if (last == null) {
        if (sender != 0 || seq != lastOfSender0 + 1) {
          outOfOrder++;
        }
        lastOfSender0 = seq;
      } else {
        if (seq != last[sender] + 1) {
          outOfOrder++;
        }
        last[sender] = seq;
      }
      return ++handled;
    }

    Tally tally() {
      return new Tally(handled, outOfOrder);
    }
  }
}
