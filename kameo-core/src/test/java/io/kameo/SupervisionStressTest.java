package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Restarts racing tells, asks and stops from other threads, repeated with seeds: every ask
 * completes, and every accepted tell is handled or dead-lettered exactly once.
 */
class SupervisionStressTest {
  private static final int ROUNDS = 25;
  private static final int SENDERS = 3;
  private static final int PER_SENDER = 200;

  record Item(long key, boolean fail) implements Message<Ledger, Void> {}

  record AskItem(long key, boolean fail) implements Message<Ledger, Long> {}

  /** Counts, outside its own state (which restarts reset), what it handled and dead-lettered. */
  static final class Ledger implements Actor<Ledger> {
    final Map<Long, AtomicInteger> handled;
    final Map<Long, AtomicInteger> deadLetters;

    Ledger(Map<Long, AtomicInteger> handled, Map<Long, AtomicInteger> deadLetters) {
      this.handled = handled;
      this.deadLetters = deadLetters;
    }

    @Handler
    void item(Item item) {
      count(handled, item.key());
      if (item.fail()) {
        throw new IllegalStateException("injected failure " + item.key());
      }
    }

    @Handler
    long askItem(AskItem item) {
      count(handled, item.key());
      if (item.fail()) {
        throw new IllegalStateException("injected failure " + item.key());
      }
      return item.key();
    }

    @Override
    public void onDeadLetter(Object message) {
      if (message instanceof Item item) {
        count(deadLetters, item.key());
      }
    }

    static void count(Map<Long, AtomicInteger> counts, long key) {
      counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  @Test
  void restarts_racing_tells_asks_and_stops_lose_and_duplicate_nothing() throws Exception {
    // other tests in this JVM may leave actors blocked in a handler (counted as running): the
    // balance is measured against the count before the rounds
    long before = ActorCell.runnableRunners();
    int restarts = 0;
    for (int round = 0; round < ROUNDS; round++) {
      restarts += runRound(0x5eed_0000L + round);
    }
    assertTrue(restarts > ROUNDS * 10, "the rounds restarted too little to test: " + restarts);
    // every runner counted as runnable was uncounted again, waits for directives included
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ActorCell.runnableRunners() <= before);
  }

  /** Runs one seeded round and returns how many times the ledger was restarted. */
  private static int runRound(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    Map<Long, AtomicInteger> handled = new ConcurrentHashMap<>();
    Map<Long, AtomicInteger> deadLetters = new ConcurrentHashMap<>();
    AtomicInteger made = new AtomicInteger();
    SupervisionStrategy strategy =
        SupervisionStrategy.values()[random.nextInt(SupervisionStrategy.values().length)];
    ActorRef<Supervisor> sup =
        Supervisor.builder().strategy(strategy).maxRestarts(10_000, Duration.ofMinutes(1)).spawn();
    List<ActorRef<Ledger>> ledgers = new ArrayList<>();
    for (int i = 0; i < 2; i++) { // two, so that one-for-all and rest-for-one restart siblings
      int capacity = 1 + random.nextInt(16);
      ledgers.add(
          Supervisor.spawnChild(
              sup,
              ChildSpec.of(
                      () -> {
                        made.incrementAndGet();
                        return new Ledger(handled, deadLetters);
                      })
                  .options(b -> b.mailbox(Mailbox.bounded(capacity)))));
    }
    Map<Long, Boolean> acceptedTells = new ConcurrentHashMap<>();
    Map<Long, CompletableFuture<Long>> asks = new ConcurrentHashMap<>();
    int stopAfter = random.nextInt(SENDERS * PER_SENDER * 3 / 2); // sometimes never
    int stopKind = random.nextInt(3);
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      long senderSeed = random.nextLong();
      int sender = s;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    SplittableRandom r = new SplittableRandom(senderSeed);
                    awaitQuietly(start);
                    for (int i = 0; i < PER_SENDER; i++) {
                      long key = sender * 1_000_000L + i;
                      boolean failing = r.nextInt(8) == 0;
                      ActorRef<Ledger> ledger = ledgers.get(r.nextInt(2));
                      if (r.nextBoolean()) {
                        try {
                          ledger.tell(new Item(key, failing));
                          acceptedTells.put(key, true);
                        } catch (SendException.ActorNotRunning e) {
                          // refused and handed back: must never be handled
                        }
                      } else {
                        asks.put(key, ledger.askAsync(new AskItem(key, failing)));
                      }
                      if (sent.incrementAndGet() == stopAfter) {
                        switch (stopKind) {
                          case 0 -> ledgers.get(0).stopGracefully();
                          case 1 -> ledgers.get(1).kill();
                          default -> sup.stopGracefully();
                        }
                      }
                    }
                  }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
      assertTrue(!t.isAlive(), "seed " + seed + ": a sender hung");
    }
    sup.stopGracefully();
    sup.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    for (ActorRef<Ledger> ledger : ledgers) {
      ledger.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    for (Map.Entry<Long, CompletableFuture<Long>> ask : asks.entrySet()) {
      long key = ask.getKey();
      int times = count(handled, key);
      try {
        assertEquals(key, ask.getValue().get(30, TimeUnit.SECONDS));
        assertEquals(1, times, "seed " + seed + ": answered ask " + key + " handled " + times);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof SendException)) {
          fail("seed " + seed + ": ask " + key + " failed with " + e.getCause());
        }
        assertTrue(times <= 1, "seed " + seed + ": failed ask " + key + " handled " + times);
      }
    }
    for (int s = 0; s < SENDERS; s++) {
      for (int i = 0; i < PER_SENDER; i++) {
        long key = s * 1_000_000L + i;
        if (asks.containsKey(key)) {
          continue;
        }
        int outcomes = count(handled, key) + count(deadLetters, key);
        assertEquals(
            acceptedTells.containsKey(key) ? 1 : 0,
            outcomes,
            "seed "
                + seed
                + ": tell "
                + key
                + " (accepted "
                + acceptedTells.containsKey(key)
                + ")");
      }
    }
    return made.get() - ledgers.size();
  }

  private static int count(Map<Long, AtomicInteger> counts, long key) {
    AtomicInteger n = counts.get(key);
    return n == null ? 0 : n.get();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
