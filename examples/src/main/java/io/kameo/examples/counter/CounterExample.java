package io.kameo.examples.counter;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import java.io.PrintStream;

/** The README's example: a counter actor, a tell and an ask. */
public final class CounterExample {

  /** Adds {@code amount} to the count and replies with the new count. */
  public record Inc(long amount) implements Message<Counter, Long> {}

  /** The counter: its state is touched only by its own virtual thread. */
  public static final class Counter implements Actor<Counter> {
    private long count;

    @Handler
    long inc(Inc msg) {
      count += msg.amount();
      return count;
    }
  }

  private CounterExample() {}

  /** Runs the example, printing to {@code out}; returns the final count. */
  public static long run(PrintStream out) {
    ActorRef<Counter> counter = Actor.spawn(new Counter());

    counter.tell(new Inc(1)); // fire and forget
    long count = counter.ask(new Inc(41)); // request/reply, typed: no cast
    out.println("count = " + count);

    counter.stopGracefully();
    out.println("stopped: " + counter.waitForShutdown().reason());
    return count;
  }

  /** Entry point. */
  public static void main(String[] args) {
    run(System.out);
  }
}
