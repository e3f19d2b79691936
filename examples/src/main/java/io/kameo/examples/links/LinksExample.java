package io.kameo.examples.links;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.ControlFlow;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * Links and failures: a worker whose handler throws stops with a panic; its linked watcher hears
 * about it in {@code onLinkDied} and decides to keep running; an unlinked bystander is untouched.
 */
public final class LinksExample {

  /** Divides 100 by {@code divisor}; fails for 0. */
  public record Divide(int divisor) implements Message<Worker, Integer> {}

  /** Does risky work. */
  public static final class Worker implements Actor<Worker> {
    @Handler
    Integer divide(Divide msg) {
      return 100 / msg.divisor();
    }
  }

  /** Watches linked actors and survives their failures. */
  public static final class Watcher implements Actor<Watcher> {
    private final CompletableFuture<String> seen;

    Watcher(CompletableFuture<String> seen) {
      this.seen = seen;
    }

    @Override
    public ControlFlow onLinkDied(ActorRef<Watcher> self, ActorId id, StopReason reason) {
      seen.complete("actor " + id + " died: " + describe(reason));
      return ControlFlow.CONTINUE; // the default would stop this actor too
    }
  }

  static String describe(StopReason reason) {
    return switch (reason) {
      case StopReason.Normal n -> "normal";
      case StopReason.Killed k -> "killed";
      case StopReason.Panicked p -> "panicked in " + p.source() + ": " + p.error();
      case StopReason.LinkDied l -> "linked actor " + l.id() + " died";
      case StopReason.PeerDisconnected d -> "lost its node " + d.peer();
    };
  }

  private LinksExample() {}

  /** Runs the example, printing to {@code out}; returns what the watcher saw. */
  public static String run(PrintStream out) {
    CompletableFuture<String> seenByWatcher = new CompletableFuture<>();
    ActorRef<Watcher> watcher = Actor.spawn(new Watcher(seenByWatcher));
    ActorRef<Worker> worker = Actor.builder(new Worker()).linkedTo(watcher).spawn();

    out.println("100 / 4 = " + worker.ask(new Divide(4)));
    try {
      worker.ask(new Divide(0));
    } catch (SendException.HandlerFailed e) {
      out.println("ask failed: " + e.getCause());
    }
    out.println("worker stopped: " + describe(worker.waitForShutdown().reason()));

    String seen = seenByWatcher.join(); // link notifications are asynchronous
    out.println("watcher saw: " + seen);
    out.println("watcher alive: " + watcher.isAlive());
    watcher.stopGracefully();
    watcher.waitForShutdown();
    return seen;
  }

  /** Entry point. */
  public static void main(String[] args) {
    run(System.out);
  }
}
