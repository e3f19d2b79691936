package io.kameo;

import io.kameo.internal.jfr.MailboxBlocked;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An actor's mailbox: a many-producer, single-consumer queue, bounded or not.
 *
 * <p>Any thread offers. One thread at a time reads, through the mailbox's {@link Reader}: the
 * actor's runner, or a late sender draining a stopped actor's mailbox under the cell's monitor.
 */
final class MailboxQueue {
  /*
   * Design.
   *
   * A linked list of chunks: arrays of `size` element slots plus one link slot (index `size`) to
   * the next chunk. Element number i (counted from 0 since the mailbox was made) lives in chunk
   * i / size at slot i % size.
   *
   * Producers claim numbers with a CAS on `tail`, which holds 2 × the next number to claim; it is
   * odd while the producer that claimed the first number of a new chunk makes and links that chunk
   * (the others wait for it: a few instructions). A producer reads `tail` (acquire), then
   * `producerChunk`: `producerChunk` is written only while `tail` is odd, before the release that
   * makes it even again, and a CAS from the value read succeeds only if no link happened between,
   * so the chunk read is the one that holds the claimed number. The element is published with a
   * release store into its slot; the link with a release store into the link slot.
   *
   * The reader's side lives in its own object, made by the first thread that reads (the actor's
   * runner, which allocates it far from the cell, the queue and the reference, all made together
   * at spawn). This is the point of the layout: per message, the reader writes nothing that a
   * producer reads or writes. It does not clear the slots it read one by one (it clears them in one
   * pass before its thread parks or ends, see forgetHandled(), and drops whole chunks it left), it
   * keeps its position in plain fields of its own object, and for an unbounded mailbox it publishes
   * nothing at all. So when the actor keeps pace with one sender, the only cache line the two
   * share is the one the slots are written to and read from; with JCTools' unpadded queues the
   * reader's index, written per message, sat on the producer's line and moved that line between
   * the cores twice per message.
   *
   * A poll that finds a slot empty asks `tail` whether the number was claimed: if not, the mailbox
   * is empty; if it was, the producer is between its CAS and its store, and the reader spins for
   * it. So an element offered before a poll that sees its number claimed is returned by it: writes
   * before offer() happen-before reads after poll() returns the element.
   *
   * Bounded capacity is exact: a producer may claim number i only while i < consumed + capacity,
   * where `consumed` is what the reader has taken out (published with a volatile store per message
   * for bounded mailboxes). Producers cache the bound in `limit` (a racy cache: any value once
   * computed stays a valid bound, since `consumed` only grows) and re-read `consumed` only when the
   * cache says full, so a producer running ahead reads the reader's line once per capacity, not per
   * message. At most `capacity` elements are queued, so at most capacity / size + 1 chunks exist.
   *
   * Blocked senders wait on a Condition of a lock made by the first sender that ever waits (an
   * actor whose senders never wait pays nothing for it). Lost wake-ups are excluded by the usual
   * Dekker pair, both sides using volatile accesses (sequentially consistent in the JMM):
   *   sender:   waiters++ (volatile RMW)   ; then re-read consumed (volatile), under the lock
   *   reader:   consumed = n (volatile)    ; then read waiters (volatile)
   * Either the sender sees the freed slot or the reader sees the waiter, and then signals under
   * the lock, which the sender holds from its re-read until await() releases it, so the signal
   * cannot fall between the two. The reader signals on every slot it frees while any sender
   * waits: it cannot know whether the handler it is about to run will block, and a sender must
   * never wait while there is room (a low-water mark would strand a sender behind a handler that
   * blocks; a test pins this). It signals all of them: signalAll() only moves them to the lock's
   * queue, and from there each woken sender hands the lock to the next when it has taken its
   * slot, so the senders wake one another and the reader does no unpark per message. A lock-free
   * list of parked senders that the reader unparked itself, one per freed slot, was ten times
   * slower with 64 platform senders on 2 cores: every unpark of a platform thread is a futex call
   * after which the woken thread takes the reader's core. When the actor stops (its state says so
   * first, the same Dekker pair with `state`), every waiter is woken to see that the mailbox no
   * longer accepts messages. The waiting state hangs off the reader's object for the same reason
   * as `consumed`: the reader reads it per message.
   */

  private static final int UNBOUNDED_CHUNK = 32;
  private static final int BOUNDED_CHUNK = 16;
  private static final int MAX_BATCH = 64;
  private static final int BATCH_SPINS = 32;
  private static final int SENDER_SPINS = Integer.getInteger("io.kameo.senderSpins", 1_000);
  private static final int SENDER_YIELDS = Integer.getInteger("io.kameo.senderYields", 4);

  /**
   * How many platform senders may spin for room at once, process-wide: one core fewer than there
   * are, so that a spinning sender never takes the last core from the runners that free the room.
   */
  private static final int MAX_SPINNERS =
      Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

  /** Platform senders spinning for room now (plus, briefly, ones about to find it full). */
  private static final VarHandle SPINNERS;

  @SuppressWarnings("unused") // accessed through SPINNERS
  private static volatile int spinners;

  private static final VarHandle TAIL;
  private static final VarHandle LIMIT;
  private static final VarHandle READER;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(MailboxQueue.class, "tail", long.class);
      SPINNERS = lookup.findStaticVarHandle(MailboxQueue.class, "spinners", int.class);
      LIMIT = lookup.findVarHandle(MailboxQueue.class, "limit", long.class);
      READER = lookup.findVarHandle(MailboxQueue.class, "reader", Reader.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** 2 × the next element number to claim; odd while a new chunk is being linked. */
  @SuppressWarnings("unused") // accessed through TAIL
  private volatile long tail;

  /** The chunk that holds number tail / 2; written only while tail is odd. */
  private Object[] producerChunk;

  /** Bounded: a cached bound below which numbers may be claimed; accessed opaquely, racily. */
  @SuppressWarnings("unused") // accessed through LIMIT
  private long limit;

  /** The reader's side, made on first use. */
  private volatile Reader reader;

  /** The first chunk, until the reader is made (it starts there); then null. */
  private Object[] firstChunk;

  private final int capacity;

  /** How many free slots a blocking offer first waits for (bounded); see offer(). */
  private final int batch;

  private final int size;

  /**
   * The mailbox of every stopped actor: it refuses every offer (its capacity is below zero) and is
   * always empty. A stopped actor swaps its own queue for this one, so a reference to it holds no
   * queue.
   */
  static final MailboxQueue CLOSED = new MailboxQueue();

  /** Outcome of a blocking offer. */
  enum Offer {
    QUEUED,
    TIMED_OUT,
    CLOSED
  }

  MailboxQueue(Mailbox config) {
    switch (config) {
      case Mailbox.Bounded b -> {
        this.capacity = b.capacity();
        // chunks of 16 slots, or of the capacity's next power of two below that: an idle actor
        // with a bounded(1024) mailbox holds 16 slots, not 1024
        this.size = Math.min(BOUNDED_CHUNK, Math.max(2, Integer.highestOneBit(capacity - 1) << 1));
        this.batch = Math.max(1, Math.min(capacity / 4, MAX_BATCH));
      }
      case Mailbox.Unbounded u -> {
        this.capacity = 0;
        this.batch = 1;
        this.size = UNBOUNDED_CHUNK;
      }
    }
    this.producerChunk = new Object[size + 1];
    this.firstChunk = producerChunk;
    LIMIT.setOpaque(this, (long) capacity);
  }

  private MailboxQueue() {
    this.capacity = -1;
    this.batch = 1;
    this.size = 2;
    this.producerChunk = new Object[size + 1]; // never written: nothing can be claimed
    this.firstChunk = producerChunk;
  }

  /** Returns the bounded capacity; 0 for an unbounded mailbox, -1 for {@link #CLOSED}. */
  int capacity() {
    return capacity;
  }

  /** Queues {@code message} if there is room now; returns false if the bounded mailbox is full. */
  boolean tryOffer(Object message) {
    return claim(message, 1);
  }

  /**
   * Queues {@code message} if at least {@code room} slots are free (bounded mailboxes; any room for
   * 1); returns false otherwise.
   */
  private boolean claim(Object message, int room) {
    if (capacity < 0) {
      return false;
    }
    for (int spins = 0; ; ) {
      long t = (long) TAIL.getAcquire(this);
      if ((t & 1) != 0) { // another producer links the next chunk: a few instructions
        if (++spins % 64 == 0) {
          Thread.yield(); // unless it was descheduled in between
        } else {
          Thread.onSpinWait();
        }
        continue;
      }
      long number = t >>> 1;
      long last = number + room - 1; // the last number that must be free
      if (capacity != 0 && last >= (long) LIMIT.getOpaque(this) && !roomFor(last)) {
        return false;
      }
      Object[] chunk = producerChunk;
      int slot = (int) (number & (size - 1));
      if (slot != 0 || number == 0) {
        if (TAIL.compareAndSet(this, t, t + 2)) {
          SLOTS.setRelease(chunk, slot, message);
          return true;
        }
      } else if (TAIL.compareAndSet(this, t, t + 1)) {
        Object[] next = new Object[size + 1];
        next[0] = message; // published by the release store of the link below
        producerChunk = next;
        SLOTS.setRelease(chunk, size, next);
        TAIL.setRelease(this, t + 2);
        return true;
      }
    }
  }

  /** Re-reads what the reader consumed; returns whether {@code number} may be claimed. */
  private boolean roomFor(long number) {
    Reader r = reader;
    long bound = (r == null ? 0 : (long) Reader.CONSUMED.getVolatile(r)) + capacity;
    if (bound > (long) LIMIT.getOpaque(this)) {
      LIMIT.setOpaque(this, bound); // only when it moved: senders spinning on a full mailbox
    } // would otherwise all write the line that holds `tail`, which every claim CASes
    return number < bound;
  }

  /**
   * Queues {@code message}, waiting up to {@code nanos} for room while {@code cell} still accepts
   * messages.
   */
  Offer offer(Object message, long nanos, ActorCell<?> cell) throws InterruptedException {
    if (claim(message, batch)) {
      return Offer.QUEUED;
    }
    if (nanos <= 0) {
      return tryOffer(message) ? Offer.QUEUED : Offer.TIMED_OUT;
    }
    MailboxBlocked blocked = new MailboxBlocked();
    blocked.begin();
    Offer outcome = waitForRoom(message, nanos, cell);
    blocked.end();
    if (blocked.shouldCommit()) {
      blocked.capacity = capacity;
      blocked.outcome = outcome.name();
      cell.describe(blocked).commit();
    }
    return outcome;
  }

  /** The slow path of offer(): the mailbox was full; spins or yields, then waits for room. */
  private Offer waitForRoom(Object message, long nanos, ActorCell<?> cell)
      throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    // The runner frees slots within microseconds while it drains; waiting for some briefly is far
    // cheaper than parking and being woken. A platform thread spins, unless as many as there are
    // cores but one already do: a spinner holds a core, and with every core held the runner that
    // frees the room waits for the OS to preempt one (two platform senders of a full mailbox on 2
    // cores did that). A virtual thread yields its carrier, which may be the one the runner
    // needs. Meanwhile the sender waits for a batch of
    // free slots, not one: a sender that takes each slot as it is freed reads the reader's line
    // once per message and keeps the two in lockstep; one that waits for a batch lets the reader
    // drain at its own pace and then fills the batch without reading the reader's line at all.
    // Only for the first few spins, though: when many senders share the mailbox, each waiting
    // for a batch of its own would leave slots free while they spin and then park. Past those,
    // and past the spin, any free slot will do: the wait below never waits while there is room.
    if (Thread.currentThread().isVirtual()) {
      for (int i = 0; i < SENDER_YIELDS; i++) {
        if (!cell.isAccepting()) {
          return Offer.CLOSED;
        }
        if (claim(message, batch)) {
          return Offer.QUEUED;
        }
        Thread.yield();
      }
    } else if ((int) SPINNERS.getAndAdd(1) < MAX_SPINNERS) {
      try {
        for (int i = 0; i < SENDER_SPINS; i++) {
          if (!cell.isAccepting()) {
            return Offer.CLOSED;
          }
          if (claim(message, i < BATCH_SPINS ? batch : 1)) {
            return Offer.QUEUED;
          }
          Thread.onSpinWait();
        }
      } finally {
        SPINNERS.getAndAdd(-1);
      }
    } else {
      SPINNERS.getAndAdd(-1);
    }
    if (tryOffer(message)) {
      return Offer.QUEUED;
    }
    Waiting w = reader().waiting();
    w.lock.lock();
    try {
      Waiting.WAITERS.getAndAdd(w, 1);
      try {
        for (; ; ) {
          if (!cell.isAccepting()) {
            return Offer.CLOSED;
          }
          if (tryOffer(message)) {
            return Offer.QUEUED;
          }
          if (nanos == Long.MAX_VALUE) {
            w.notFull.await();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              return Offer.TIMED_OUT;
            }
            w.notFull.awaitNanos(left);
          }
        }
      } finally {
        Waiting.WAITERS.getAndAdd(w, -1);
      }
    } finally {
      w.lock.unlock();
    }
  }

  /** Returns the reader's side of this mailbox, made on first use; see {@link Reader}. */
  Reader reader() {
    Reader r = reader;
    if (r == null) {
      READER.compareAndSet(this, null, new Reader(this, firstChunk));
      r = reader;
      firstChunk = null; // only its reader needs it, and that exists now
    }
    return r;
  }

  /** Returns the next message, or null if the queue is empty; one reader at a time. */
  Object poll() {
    return capacity < 0 ? null : reader().poll();
  }

  /** Wakes every blocked sender; called when the actor stops accepting messages. */
  void wakeSenders() {
    if (capacity > 0) {
      reader().wakeSenders();
    }
  }

  /** Returns whether element number {@code number} was not yet claimed by any producer. */
  private boolean unclaimed(long number) {
    return (long) TAIL.getVolatile(this) == number << 1;
  }

  /**
   * The reading side of a mailbox: its position and, for bounded mailboxes, what it frees. Only one
   * thread reads at a time; each next reader starts after the previous one stopped, ordered by the
   * cell (the SCHEDULED hand-over, or its monitor for late senders), so the plain fields are always
   * current to it. It also keeps the runner's waiting state, for the same reason as the position:
   * the runner writes it on every idle period, and the cell's own fields are read by every sender.
   */
  static final class Reader {
    static final VarHandle CONSUMED;
    private static final VarHandle WAITING;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        CONSUMED = lookup.findVarHandle(Reader.class, "consumed", long.class);
        WAITING = lookup.findVarHandle(Reader.class, "waiting", Waiting.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final MailboxQueue queue;
    private final int size;
    private final boolean bounded;
    private Object[] chunk;

    /**
     * The next slot to read in {@code chunk}; {@code size} when the next element is in the next.
     */
    private int slot;

    /** Slots below this in {@code chunk} are cleared already. */
    private int cleared;

    /** How many elements were read; bounded mailboxes publish it to producers (volatile). */
    @SuppressWarnings("unused") // accessed through CONSUMED where producers read it
    private long consumed;

    /** The blocked senders' lock, made by the first sender that waits; see the design note. */
    private volatile Waiting waiting;

    /** The runner's spin budget; see ActorCell.spin(). */
    int spinBudget = ActorCell.MIN_SPINS;

    /** When the runner last ran out of messages, or Long.MIN_VALUE; see ActorCell.idle(). */
    long lastIdleNanos = Long.MIN_VALUE;

    private Reader(MailboxQueue queue, Object[] first) {
      this.queue = queue;
      this.size = queue.size;
      this.bounded = queue.capacity > 0;
      this.chunk = first;
    }

    /** Returns the next message, or null if the mailbox is empty. */
    Object poll() {
      Object[] c = chunk;
      int s = slot;
      long n = consumed;
      if (s == size) {
        Object[] next = (Object[]) SLOTS.getAcquire(c, size);
        if (next == null) {
          if (queue.unclaimed(n)) {
            return null;
          }
          next = (Object[]) awaitSlot(c, size);
        }
        c[size] = null; // the left chunk is garbage: it must not keep the next one reachable
        chunk = c = next;
        s = 0;
        cleared = 0;
      }
      Object element = SLOTS.getAcquire(c, s);
      if (element == null) {
        if (queue.unclaimed(n)) {
          return null;
        }
        element = awaitSlot(c, s);
      }
      slot = s + 1;
      if (bounded) {
        CONSUMED.setVolatile(this, n + 1);
        Waiting w = waiting;
        if (w != null && (int) Waiting.WAITERS.getVolatile(w) != 0) {
          w.signalAll();
        }
      } else {
        consumed = n + 1;
      }
      return element;
    }

    /**
     * Spins for a claimed slot's producer to store into it; it is between its CAS and its store.
     */
    private static Object awaitSlot(Object[] chunk, int index) {
      Object value;
      for (int spins = 1; (value = SLOTS.getAcquire(chunk, index)) == null; spins++) {
        if (spins % 64 == 0) {
          Thread.yield(); // the producer may have been descheduled in between
        } else {
          Thread.onSpinWait();
        }
      }
      return value;
    }

    /** Returns the blocked senders' lock and condition, made on first use. */
    Waiting waiting() {
      Waiting w = waiting;
      if (w == null) {
        WAITING.compareAndSet(this, null, new Waiting());
        w = waiting;
      }
      return w;
    }

    /** Wakes every blocked sender, for the stop: each sees it and leaves. */
    void wakeSenders() {
      Waiting w = waiting;
      if (w != null) {
        w.signalAll();
      }
    }

    /**
     * Returns whether the next slot (or the link to the next chunk) has been stored. It reads only
     * the slot, never {@code tail}: a runner spinning on it leaves the producers' CAS line in their
     * cache. A producer between its claim and its store shows as not yet stored.
     */
    boolean nextStored() {
      return SLOTS.getAcquire(chunk, Math.min(slot, size)) != null;
    }

    /**
     * Returns how many messages are queued (claimed by senders and not yet read); a snapshot that
     * senders change as it is taken. Reads the producers' index: for observers, not the hot path.
     */
    long depth() {
      return Math.max(0, ((long) TAIL.getAcquire(queue) >>> 1) - consumed);
    }

    /** Returns whether the mailbox is empty. */
    boolean isEmpty() {
      int s = slot;
      if (s < size && SLOTS.getAcquire(chunk, s) != null) {
        return false;
      }
      return queue.unclaimed(consumed);
    }

    /**
     * Clears the slots read since the last call, so an idle actor keeps no handled message
     * reachable; called by the runner before its thread parks or ends. The producers only write
     * slots at or after {@code slot}, so these plain stores race with nothing.
     */
    void forgetHandled() {
      int s = Math.min(slot, size);
      if (cleared < s) {
        Arrays.fill(chunk, cleared, s, null);
        cleared = s;
      }
    }
  }

  /** The blocked senders of a bounded mailbox: a lock, its condition and how many wait. */
  private static final class Waiting {
    static final VarHandle WAITERS;

    static {
      try {
        WAITERS = MethodHandles.lookup().findVarHandle(Waiting.class, "waiters", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final ReentrantLock lock = new ReentrantLock();
    final Condition notFull = lock.newCondition();

    /** Senders between their increment and their decrement; accessed through WAITERS. */
    @SuppressWarnings("unused")
    private volatile int waiters;

    void signalAll() {
      lock.lock();
      try {
        notFull.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
