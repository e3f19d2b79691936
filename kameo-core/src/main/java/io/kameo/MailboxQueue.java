package io.kameo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.varhandle.unpadded.MpscChunkedVarHandleUnpaddedArrayQueue;
import org.jctools.queues.varhandle.unpadded.MpscUnboundedVarHandleUnpaddedArrayQueue;
import org.jctools.queues.varhandle.unpadded.MpscVarHandleUnpaddedArrayQueue;

/**
 * An actor's mailbox: a many-producer, single-consumer queue, bounded or not.
 *
 * <p>Only the actor's own thread polls. Any thread offers.
 */
final class MailboxQueue {
  /*
   * Design.
   *
   * The queue is a JCTools MPSC queue: lock-free offer and poll; an array for small bounded
   * mailboxes, chunks (of 16 for larger bounded ones, 32 for unbounded) otherwise. It is the
   * VarHandle flavour (no sun.misc.Unsafe) and the unpadded one: a million idle actors cost 500
   * fewer bytes each, and the padding bought little on a queue whose one consumer drains in
   * batches. All of them publish an element with a release store after a CAS on the producer
   * index, and poll() spins past a claimed-but-not-yet-written slot, so an element offered before
   * a poll that sees its index is returned by it: writes before offer() happen-before reads after
   * poll() returns the element.
   *
   * Bounded capacity is counted here, not by the array (JCTools rounds capacities up to a power of
   * two, and a capacity of 1 would not exist): a sender claims a slot by CAS on `size` before it
   * offers, the consumer gives the slot back after it polls. The queue holds at least `capacity`
   * elements (the next power of two), so an offer after a successful claim never fails.
   *
   * Blocked senders wait on a Condition. Lost wake-ups are excluded by the usual Dekker pair,
   * both sides using volatile accesses (sequentially consistent in the JMM):
   *   sender:   waiters++ (volatile)      ; then re-read size (volatile) before awaiting
   *   consumer: size-- (volatile RMW)     ; then read waiters (volatile)
   * Either the sender sees the freed slot or the consumer sees the waiter. The consumer wakes the
   * waiting senders on every slot it frees while any wait: it cannot know whether the handler it
   * is about to run will block, and a sender must never wait while there is room (a low-water
   * mark would strand a sender behind a handler that blocks; a test pins this). Waiting senders
   * are woken all at once (signalAll), so the ones that find room go together; when nobody waits
   * the cost is one volatile read per message. When the actor stops, every waiter is woken to
   * see that the mailbox no longer accepts messages.
   */

  private static final int CHUNK_SIZE = 32;
  private static final int INITIAL_CHUNK = 16;
  private static final int SENDER_SPINS = Integer.getInteger("io.kameo.senderSpins", 1_000);
  private static final int SENDER_YIELDS = Integer.getInteger("io.kameo.senderYields", 4);
  private static final VarHandle SIZE;
  private static final VarHandle WAITERS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      SIZE = lookup.findVarHandle(MailboxQueue.class, "size", int.class);
      WAITERS = lookup.findVarHandle(MailboxQueue.class, "waiters", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final MessagePassingQueue<Object> queue;
  private final int capacity;

  @SuppressWarnings("unused") // accessed through SIZE
  private volatile int size;

  @SuppressWarnings("unused") // accessed through WAITERS
  private volatile int waiters;

  private final ReentrantLock lock;
  private final Condition notFull;

  /**
   * The mailbox of every stopped actor: it refuses every offer (its capacity is below zero, so no
   * slot can be claimed) and is always empty. A stopped actor swaps its own queue for this one, so
   * a reference to it holds no queue.
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
        // Up to 16 slots, one small array; beyond, chunks of 16 up to the next power of two, so
        // an idle actor with a bounded(1024) mailbox holds 16 slots, not 1024.
        this.queue =
            capacity <= INITIAL_CHUNK
                ? new MpscVarHandleUnpaddedArrayQueue<>(Math.max(2, capacity))
                : new MpscChunkedVarHandleUnpaddedArrayQueue<>(INITIAL_CHUNK, capacity);
        this.lock = new ReentrantLock();
        this.notFull = lock.newCondition();
      }
      case Mailbox.Unbounded u -> {
        this.capacity = 0;
        this.queue = new MpscUnboundedVarHandleUnpaddedArrayQueue<>(CHUNK_SIZE);
        this.lock = null;
        this.notFull = null;
      }
    }
  }

  private MailboxQueue() {
    this.capacity = -1;
    this.queue = new MpscVarHandleUnpaddedArrayQueue<>(2);
    this.lock = new ReentrantLock();
    this.notFull = lock.newCondition();
  }

  /** Returns the bounded capacity; 0 for an unbounded mailbox, -1 for {@link #CLOSED}. */
  int capacity() {
    return capacity;
  }

  /** Queues {@code message} if there is room now; returns false if the bounded mailbox is full. */
  boolean tryOffer(Object message) {
    if (capacity != 0 && !tryClaim()) {
      return false;
    }
    queue.offer(message);
    return true;
  }

  /**
   * Queues {@code message}, waiting up to {@code nanos} for room while {@code cell} still accepts
   * messages.
   */
  Offer offer(Object message, long nanos, ActorCell<?> cell) throws InterruptedException {
    if (tryOffer(message)) {
      return Offer.QUEUED;
    }
    if (nanos <= 0) {
      return Offer.TIMED_OUT;
    }
    long deadline = System.nanoTime() + nanos;
    // The runner frees slots within microseconds while it drains; waiting for one briefly is far
    // cheaper than parking and being woken. A platform thread spins; a virtual thread yields its
    // carrier, which may be the one the runner needs.
    boolean virtual = Thread.currentThread().isVirtual();
    for (int i = 0, n = virtual ? SENDER_YIELDS : SENDER_SPINS; i < n; i++) {
      if (!cell.isAccepting()) {
        return Offer.CLOSED;
      }
      if (tryOffer(message)) {
        return Offer.QUEUED;
      }
      if (virtual) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    lock.lock();
    try {
      WAITERS.getAndAdd(this, 1);
      try {
        for (; ; ) {
          if (!cell.isAccepting()) {
            return Offer.CLOSED;
          }
          if (tryClaim()) {
            queue.offer(message);
            return Offer.QUEUED;
          }
          if (nanos == Long.MAX_VALUE) {
            notFull.await();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              return Offer.TIMED_OUT;
            }
            notFull.awaitNanos(left);
          }
        }
      } finally {
        WAITERS.getAndAdd(this, -1);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns the next message, or null if the queue is empty; actor thread only. */
  Object poll() {
    Object message = queue.relaxedPoll();
    if (message == null) {
      message = queue.poll();
    }
    if (message != null && capacity != 0) {
      release();
    }
    return message;
  }

  /** Returns whether the queue is empty, with a volatile read of the producer side. */
  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Wakes every blocked sender; called when the actor stops accepting messages. */
  void wakeSenders() {
    if (capacity != 0) {
      lock.lock();
      try {
        notFull.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private boolean tryClaim() {
    int s = (int) SIZE.getVolatile(this);
    while (s < capacity) {
      int witness = (int) SIZE.compareAndExchange(this, s, s + 1);
      if (witness == s) {
        return true;
      }
      s = witness;
    }
    return false;
  }

  private void release() {
    SIZE.getAndAdd(this, -1);
    if ((int) WAITERS.getVolatile(this) != 0) {
      wakeSenders();
    }
  }
}
