package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mailbox queue under racing producers, with the reading side handed from thread to thread as
 * runners hand it over: nothing lost, nothing duplicated, each producer's order kept, and a bounded
 * mailbox never holding more than its capacity, across chunk boundaries.
 */
class MailboxQueueStressTest {
  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 20_000;

  record Item(int producer, int seq) {}

  record Ping() implements Message<Idle, Void> {}

  /** Lends its cell to blocking offers (which ask whether the actor still accepts messages). */
  static final class Idle implements Actor<Idle> {
    @Handler
    void ping(Ping ping) {}
  }

  @ParameterizedTest(name = "capacity {0} (0 = unbounded)")
  @ValueSource(ints = {0, 1, 2, 3, 16, 17, 64, 1000})
  void racing_producers_and_handed_over_readers_lose_duplicate_and_reorder_nothing(int capacity)
      throws Exception {
    ActorRef<Idle> lender = Actor.spawn(new Idle());
    ActorCell<Idle> cell = lender.cell();
    MailboxQueue queue =
        new MailboxQueue(capacity == 0 ? Mailbox.unbounded() : Mailbox.bounded(capacity));
    AtomicLong accepted = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int producer = p;
      producers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    SplittableRandom random = new SplittableRandom(producer);
                    awaitQuietly(start);
                    for (int seq = 0; seq < PER_PRODUCER; seq++) {
                      Item item = new Item(producer, seq);
                      if (capacity == 0 || random.nextBoolean()) {
                        while (!queue.tryOffer(item)) {
                          Thread.onSpinWait();
                        }
                      } else {
                        try {
                          assertEquals(
                              MailboxQueue.Offer.QUEUED, queue.offer(item, Long.MAX_VALUE, cell));
                        } catch (InterruptedException e) {
                          throw new AssertionError(e);
                        }
                      }
                      accepted.incrementAndGet();
                    }
                  }));
    }

    // Two reader threads take turns under a lock, as a runner's thread ends and the next one
    // starts: each takes a random batch, sometimes clears what it read, then hands over.
    ReentrantLock turn = new ReentrantLock();
    int[] next = new int[PRODUCERS];
    AtomicLong polled = new AtomicLong();
    long total = (long) PRODUCERS * PER_PRODUCER;
    List<Throwable> failures = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int seed = 100 + r;
      readers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    awaitQuietly(start);
                    while (polled.get() < total) {
                      turn.lock();
                      try {
                        for (int batch = random.nextInt(1, 200); batch > 0; batch--) {
                          Object got = queue.poll();
                          if (got == null) {
                            break;
                          }
                          Item item = (Item) got;
                          assertEquals(next[item.producer()], item.seq(), "order of " + item);
                          next[item.producer()]++;
                          long taken = polled.incrementAndGet();
                          if (capacity > 0) {
                            long queued = accepted.get() - taken;
                            assertTrue(queued <= capacity, queued + " queued in " + capacity);
                          }
                        }
                        if (random.nextInt(4) == 0) {
                          queue.reader().forgetHandled();
                        }
                      } catch (Throwable t) {
                        synchronized (failures) {
                          failures.add(t);
                        }
                        polled.set(total); // ends both readers
                      } finally {
                        turn.unlock();
                      }
                    }
                  }));
    }
    start.countDown();
    for (Thread t : readers) {
      t.join(TimeUnit.SECONDS.toMillis(60));
      assertTrue(!t.isAlive(), "a reader hung");
    }
    for (Thread t : producers) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertTrue(!t.isAlive(), "a producer hung");
    }
    assertEquals(List.of(), failures);
    for (int p = 0; p < PRODUCERS; p++) {
      assertEquals(PER_PRODUCER, next[p], "producer " + p + " delivered");
    }
    assertNull(queue.poll(), "drained");
    assertTrue(queue.reader().isEmpty());
    lender.kill();
  }

  record Tick() implements Message<Tally, Void> {}

  record Count() implements Message<Tally, Long> {}

  /** Counts its ticks. */
  static final class Tally implements Actor<Tally> {
    long ticks;

    @Handler
    void tick(Tick tick) {
      ticks++;
    }

    @Handler
    long count(Count count) {
      return ticks;
    }
  }

  /**
   * Many platform senders blocked on a tiny mailbox while its runner drains and goes idle: a sender
   * whose wake-up was lost would stay parked after the last slot was freed, with its tell never
   * delivered. Each round ends only when every tell was handled.
   */
  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 64})
  void no_blocked_sender_is_left_parked_when_the_runner_drains_and_idles(int capacity)
      throws Exception {
    int senders = 32;
    int perSender = 2_000;
    for (int round = 0; round < 10; round++) {
      ActorRef<Tally> tally = Actor.builder(new Tally()).mailbox(Mailbox.bounded(capacity)).spawn();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      awaitQuietly(start);
                      for (int i = 0; i < perSender; i++) {
                        tally.tell(new Tick());
                      }
                    }));
      }
      start.countDown();
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!t.isAlive(), "round " + round + ": a sender stayed parked");
      }
      assertEquals((long) senders * perSender, tally.ask(new Count()));
      tally.kill();
    }
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 3, 16, 17, 64})
  void a_bounded_mailbox_takes_exactly_its_capacity_and_room_again_as_it_is_read(int capacity) {
    MailboxQueue queue = new MailboxQueue(Mailbox.bounded(capacity));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < capacity; i++) {
        assertTrue(queue.tryOffer(i), "slot " + i + " of " + capacity);
      }
      assertTrue(!queue.tryOffer(-1), "full at " + capacity);
      assertEquals(0, queue.poll());
      assertTrue(queue.tryOffer(capacity), "the read slot is free again");
      assertTrue(!queue.tryOffer(-1), "full again");
      for (int i = 1; i <= capacity; i++) {
        assertEquals(i, queue.poll());
      }
      assertNull(queue.poll());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
