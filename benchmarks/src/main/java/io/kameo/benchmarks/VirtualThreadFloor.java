package io.kameo.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A diagnostic, not a report row: the floor of the many-pairs ping-pong for any design that runs
 * each actor on a virtual thread of its own. No actor library is involved: every "actor" is a bare
 * virtual thread with a one-slot mailbox, and a message is a volatile write to the partner's slot
 * and an unpark. A thread whose slot is empty parks (after an optional spin). What this reaches is
 * what the JDK's virtual-thread scheduler allows when every message wakes a parked thread; Kameo's
 * ping-pong row is measured against it in {@code docs/design/performance.md}.
 *
 * <p>Usage: {@code java -cp ... io.kameo.benchmarks.VirtualThreadFloor <pairs> <round trips>
 * <spins> <warm-up rounds> <rounds>}; prints the median (min-max) msgs/s and the median CPU ns per
 * message of the process.
 */
public final class VirtualThreadFloor {
  /*
   * Memory visibility: the sender's write of the message into `slot` is a volatile write; the
   * receiver's volatile read that sees it happens-after it. LockSupport.unpark after the write
   * guarantees the receiver does not sleep through it: either it reads the slot before parking and
   * sees the message, or it parks and the unpark (or its pending permit) releases it.
   */

  private VirtualThreadFloor() {}

  /** See the class comment. */
  public static void main(String[] args) throws InterruptedException {
    int pairs = Integer.parseInt(args[0]);
    long roundTrips = Long.parseLong(args[1]);
    int spins = Integer.parseInt(args[2]);
    int warmups = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    double[] rates = new double[rounds];
    double[] cpu = new double[rounds];
    for (int i = 0; i < warmups + rounds; i++) {
      long trips = i < warmups ? Math.max(1, roundTrips / 3) : roundTrips;
      long cpu0 = Workload.cpuNanos();
      double rate = once(pairs, trips, spins);
      if (i >= warmups) {
        rates[i - warmups] = rate;
        cpu[i - warmups] = (Workload.cpuNanos() - cpu0) / (2.0 * pairs * trips);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "virtual-thread floor, %d pairs, spins %d: %.2fM (%.2fM-%.2fM) msgs/s, %.0f cpu-ns/msg%n",
        pairs,
        spins,
        Row.median(rates) / 1e6,
        Arrays.stream(rates).min().orElseThrow() / 1e6,
        Arrays.stream(rates).max().orElseThrow() / 1e6,
        Row.median(cpu));
  }

  /** One round: returns msgs/s from the start signal until every pinger has its last pong. */
  private static double once(int pairs, long roundTrips, int spins) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(2 * pairs);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(pairs);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      Cell ping = new Cell();
      Cell pong = new Cell();
      ping.thread =
          Thread.ofVirtual()
              .unstarted(
                  () -> {
                    ready.countDown();
                    await(go);
                    Long reply = 0L;
                    for (long seq = 1; seq <= roundTrips; seq++) {
                      pong.send(seq);
                      reply = ping.receive(spins);
                    }
                    if (reply != roundTrips) {
                      throw new IllegalStateException("last pong " + reply + " != " + roundTrips);
                    }
                    pong.send(-1L);
                    done.countDown();
                  });
      pong.thread =
          Thread.ofVirtual()
              .unstarted(
                  () -> {
                    ready.countDown();
                    for (Long m; (m = pong.receive(spins)) != -1L; ) {
                      ping.send(m);
                    }
                  });
      threads.add(ping.thread);
      threads.add(pong.thread);
    }
    threads.forEach(Thread::start);
    ready.await();
    long t0 = System.nanoTime();
    go.countDown();
    done.await();
    long elapsed = System.nanoTime() - t0;
    for (Thread t : threads) {
      t.join();
    }
    return 2.0 * pairs * roundTrips / (elapsed / 1e9);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A one-slot mailbox owned by one virtual thread. */
  private static final class Cell {
    volatile Long slot;
    Thread thread;

    void send(Long message) {
      slot = message;
      LockSupport.unpark(thread);
    }

    Long receive(int spins) {
      for (int i = 0; ; i++) {
        Long m = slot;
        if (m != null) {
          slot = null;
          return m;
        }
        if (i < spins) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
    }
  }
}
