package io.kameo.examples.supervision;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.ChildSpec;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.SupervisionStrategy;
import io.kameo.Supervisor;
import io.kameo.annotations.Handler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supervised worker tree that survives injected failures: a root supervisor holds a pool
 * supervisor, which holds three workers. A poisoned job makes a worker fail; the pool restarts it
 * in place and the caller retries. A storm of poisoned jobs goes past the pool's restart limit; the
 * pool gives up, and the root restarts the pool with three new workers.
 */
public final class SupervisionExample {

  /** Doubles {@code id}; a poisoned job makes the worker fail. */
  public record Job(int id, boolean poisoned) implements Message<Worker, Integer> {}

  /** Does jobs; its state is whatever a restart throws away. */
  public static final class Worker implements Actor<Worker> {
    private final AtomicInteger starts;

    Worker(AtomicInteger starts) {
      this.starts = starts;
    }

    @Handler
    int job(Job job) {
      if (job.poisoned()) {
        throw new IllegalStateException("poisoned job " + job.id());
      }
      return job.id() * 2;
    }

    @Override
    public void onStart(ActorRef<Worker> self) {
      starts.incrementAndGet();
    }
  }

  private SupervisionExample() {}

  /** Runs the example, printing to {@code out}; returns the sum of the job results. */
  public static int run(PrintStream out) {
    AtomicInteger starts = new AtomicInteger();
    Supervisor.Builder pool =
        Supervisor.builder()
            .strategy(SupervisionStrategy.ONE_FOR_ONE)
            .maxRestarts(5, Duration.ofSeconds(5));
    for (int i = 0; i < 3; i++) {
      pool.child(ChildSpec.of(() -> new Worker(starts)));
    }
    ActorRef<Supervisor> root = Supervisor.builder().maxRestarts(1, Duration.ofSeconds(5)).spawn();
    ActorRef<Supervisor> poolRef = Supervisor.spawnChild(root, ChildSpec.of(pool::build));
    List<ActorRef<Worker>> workers = workersOf(poolRef);

    int sum = 0;
    int retried = 0;
    for (int i = 0; i < 30; i++) {
      ActorRef<Worker> worker = workers.get(i % 3);
      try {
        sum += worker.ask(new Job(i, i % 10 == 3));
      } catch (SendException.Restarted e) {
        retried++; // the worker was restarted in place: retrying is safe
        sum += worker.ask(new Job(i, false));
      }
    }
    out.println("jobs done: 30, sum = " + sum + ", retried after a restart: " + retried);
    out.println(
        "worker starts: " + starts.get() + ", same workers: " + workers.equals(workersOf(poolRef)));

    ActorRef<Worker> victim = workers.get(0);
    try {
      for (int i = 0; i < 10; i++) {
        victim.tell(new Job(-1, true)); // a storm: past the pool's restart limit
      }
    } catch (SendException.ActorNotRunning e) {
      // the pool gave up and stopped the victim before the storm was over
    }
    for (ActorRef<Worker> old : workers) {
      old.waitForShutdown(); // the pool stopped them when it gave up
    }
    List<ActorRef<Worker>> fresh = workersOf(poolRef); // answered by the restarted pool
    boolean allNew = fresh.stream().noneMatch(workers::contains);
    out.println(
        "pool restarted by the root: same pool: " + poolRef.isAlive() + ", new workers: " + allNew);
    out.println("job on a new worker: " + fresh.get(0).ask(new Job(21, false)));

    root.stopGracefully();
    out.println(
        "tree stopped: "
            + root.waitForShutdown().reason()
            + ", pool: "
            + poolRef.waitForShutdown().reason());
    return sum;
  }

  @SuppressWarnings("unchecked")
  private static List<ActorRef<Worker>> workersOf(ActorRef<Supervisor> pool) {
    List<ActorRef<Worker>> workers = new ArrayList<>();
    for (ActorRef<?> child : Supervisor.children(pool)) {
      workers.add((ActorRef<Worker>) child);
    }
    return workers;
  }
}
