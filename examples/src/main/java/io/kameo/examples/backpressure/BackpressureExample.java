package io.kameo.examples.backpressure;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.annotations.Handler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Backpressure with a bounded mailbox: a fast producer is slowed to the consumer's pace, {@code
 * tryTell} reports a full mailbox at once, and a mailbox timeout hands the message back.
 */
public final class BackpressureExample {

  /** One unit of work. */
  public record Job(int id) implements Message<Worker, Void> {}

  /** Holds the worker until released, so that its mailbox fills up. */
  public record Pause(CountDownLatch paused, CountDownLatch release)
      implements Message<Worker, Void> {}

  /** Asks how many jobs were done. */
  public record Done() implements Message<Worker, Integer> {}

  /** A slow worker. */
  public static final class Worker implements Actor<Worker> {
    private int done;

    @Handler
    void job(Job msg) {
      done++;
    }

    @Handler
    void pause(Pause msg) throws InterruptedException {
      msg.paused().countDown();
      msg.release().await();
    }

    @Handler
    Integer done(Done msg) {
      return done;
    }
  }

  private BackpressureExample() {}

  /** Runs the example, printing to {@code out}; returns the number of jobs done. */
  public static int run(PrintStream out) throws InterruptedException {
    ActorRef<Worker> worker = Actor.builder(new Worker()).mailbox(Mailbox.bounded(4)).spawn();

    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    worker.tell(new Pause(paused, release)); // the worker is busy until we release it
    paused.await(); // and its mailbox is empty
    int queued = 0;
    while (worker.tryTell(new Job(queued))) {
      queued++;
    }
    out.println("mailbox full after " + queued + " jobs; tryTell returned false");

    try {
      worker.tell(new Job(-1), Duration.ofMillis(50));
    } catch (SendException.Timeout e) {
      out.println("timed out; message handed back: " + e.message().orElseThrow());
    }

    // A producer on its own virtual thread blocks while the mailbox is full, then continues.
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 100; i < 200; i++) {
                    worker.tell(new Job(i));
                  }
                });
    release.countDown();
    producer.join();
    int done = worker.ask(new Done());
    out.println("jobs done = " + done);
    worker.stopGracefully();
    worker.waitForShutdown();
    return done;
  }

  /** Entry point. */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
