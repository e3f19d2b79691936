package io.kameo.actors;

import io.kameo.Actor;
import io.kameo.ActorBuilder;
import io.kameo.ActorRef;
import io.kameo.ChildSpec;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.Supervisor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A pool of worker actors made by one factory, which routes each message to one worker (least busy
 * or round robin) or {@linkplain #broadcast broadcasts} it to all.
 *
 * <pre>{@code
 * Pool<Resizer> pool = Pool.builder(Resizer::new).size(8).spawn();
 * Thumbnail small = pool.ask(new Resize(image, 64));
 * pool.stop();
 * }</pre>
 *
 * <h2>Workers</h2>
 *
 * The workers are children of a {@link Supervisor} that the pool spawns (configured by {@link
 * Builder#supervisor}). A worker whose handler fails is restarted in place by it: the same
 * reference and mailbox, so messages queued for it are not lost. A worker that stops for good
 * (killed, stopped, or a temporary child) is replaced by a new one from the factory, found by
 * watching its shutdown, not by polling. If the supervisor gives up (too many restarts) or the pool
 * is {@linkplain #stop stopped}, the pool has no workers: every send fails with {@link
 * NoWorkerException}, so every ask still completes. {@link #resize} changes the number of workers
 * at run time.
 *
 * <h2>Routing</h2>
 *
 * Routing happens on the caller's thread, with no hop through a router actor. {@link
 * Routing#LEAST_BUSY} counts, per worker, the messages sent through the pool and not yet handled
 * (an ask until its reply; a tell is sent as an ask whose reply the pool only counts); {@link
 * Routing#ROUND_ROBIN} takes each worker in turn. A worker found stopped is skipped and the next
 * one tried.
 *
 * <h2>Memory consistency effects</h2>
 *
 * As for {@link ActorRef}: actions of a thread before it sends through the pool happen-before the
 * worker's handler of that message, whose actions happen-before the asker sees the reply. The pool
 * keeps no order between messages that go to different workers.
 *
 * @param <A> the workers' actor class
 */
public final class Pool<A extends Actor<A>> {
  /*
   * The workers are a copy-on-write array: senders read the volatile field once and route over
   * that snapshot; every change (spawn, replace, resize, stop) happens under `lock` and publishes a
   * new array. A Worker's fields are final, and its load counter is an atomic that senders change
   * without the lock. Replacing a worker runs on a virtual thread of its own (the shutdown stage
   * may complete on the dying worker's thread, or on the supervisor's while it stops its children),
   * and it asks the supervisor, so it never runs inside the supervisor.
   */

  private record Worker<A extends Actor<A>>(ActorRef<A> ref, AtomicInteger load) {}

  private static final Executor REPLACER =
      task -> Thread.ofVirtual().name("kameo-pool").start(task);

  private final Supplier<? extends A> factory;
  private final Consumer<? super ActorBuilder<A>> options;
  private final Routing routing;
  private final ActorRef<Supervisor> supervisor;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong cursor = new AtomicLong();

  /** Copy-on-write; replaced under {@code lock}. */
  private volatile Worker<A>[] workers;

  /** Why the pool has no workers for good, or null while it runs; written under {@code lock}. */
  private volatile String gone;

  private Pool(Builder<A> b) {
    this.factory = b.factory;
    this.options = b.options;
    this.routing = b.routing;
    this.workers = newArray(0);
    this.supervisor = Actor.spawn(b.supervisor.build());
    supervisor
        .shutdown()
        .whenCompleteAsync(
            (result, error) -> giveUp("its supervisor stopped: " + result.reason()), REPLACER);
    lock.lock();
    try {
      for (int i = 0; i < b.size; i++) {
        addWorker();
      }
    } catch (RuntimeException e) {
      gone = "a worker could not be spawned";
      supervisor.kill(); // and with it the workers spawned so far
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** Returns a builder of pools whose workers {@code factory} makes, one instance per worker. */
  public static <A extends Actor<A>> Builder<A> builder(Supplier<? extends A> factory) {
    return new Builder<>(factory);
  }

  /**
   * Sends {@code message} to one worker and waits for its reply, as {@link ActorRef#ask} does.
   *
   * @throws NoWorkerException if the pool has no running worker
   * @throws SendException what the worker's {@code ask} threw, other than {@link
   *     SendException.ActorNotRunning} (then the next worker is tried)
   */
  public <R> R ask(Message<? super A, R> message) {
    Objects.requireNonNull(message, "message");
    for (int attempt = 0; ; attempt++) {
      Worker<A> w = pick(message, attempt);
      w.load.incrementAndGet();
      try {
        return w.ref.ask(message);
      } catch (SendException.ActorNotRunning e) {
        // a worker stopping just now: try another
      } finally {
        w.load.decrementAndGet();
      }
    }
  }

  /**
   * Sends {@code message} to one worker and returns a future of its reply, as {@link
   * ActorRef#askAsync} does. The future fails with {@link NoWorkerException} if the pool has no
   * running worker.
   */
  public <R> CompletableFuture<R> askAsync(Message<? super A, R> message) {
    Objects.requireNonNull(message, "message");
    for (int attempt = 0; ; attempt++) {
      Worker<A> w;
      try {
        w = pick(message, attempt);
      } catch (NoWorkerException e) {
        return CompletableFuture.failedFuture(e);
      }
      w.load.incrementAndGet();
      CompletableFuture<R> reply = w.ref.askAsync(message);
      if (reply.state() == Future.State.FAILED
          && reply.exceptionNow() instanceof SendException.ActorNotRunning) {
        w.load.decrementAndGet();
        continue;
      }
      reply.whenComplete((r, e) -> w.load.decrementAndGet());
      return reply;
    }
  }

  /**
   * Sends {@code message} to one worker without waiting for it to be handled; blocks while that
   * worker's bounded mailbox is full, as {@link ActorRef#tell} does.
   *
   * @throws NoWorkerException if the pool has no running worker
   */
  public void tell(Message<? super A, ?> message) {
    Objects.requireNonNull(message, "message");
    for (int attempt = 0; ; attempt++) {
      Worker<A> w = pick(message, attempt);
      try {
        if (routing == Routing.LEAST_BUSY) {
          tracked(w, message);
        } else {
          w.ref.tell(message);
        }
        return;
      } catch (SendException.ActorNotRunning e) {
        // a worker stopping just now: try another
      }
    }
  }

  /**
   * Sends {@code message} to every worker, waiting for room in full mailboxes; returns how many
   * workers it was queued for.
   */
  public int broadcast(Message<? super A, ?> message) {
    Objects.requireNonNull(message, "message");
    int queued = 0;
    for (Worker<A> w : workers) {
      try {
        w.ref.tell(message);
        queued++;
      } catch (SendException.ActorNotRunning e) {
        // stopping: its replacement does not get this message
      }
    }
    return queued;
  }

  /**
   * Changes the number of workers to {@code size}: spawns new ones, or stops the surplus ones
   * gracefully (they handle what is queued for them first, and get nothing new).
   *
   * @throws IllegalArgumentException if {@code size} is less than 1
   * @throws IllegalStateException if the pool has no workers for good (stopped, or its supervisor
   *     gave up)
   */
  public void resize(int size) {
    checkSize(size);
    List<Worker<A>> surplus = new ArrayList<>();
    lock.lock();
    try {
      if (gone != null) {
        throw new IllegalStateException("the pool cannot be resized: " + gone);
      }
      while (workers.length < size) {
        addWorker();
      }
      Worker<A>[] old = workers;
      if (old.length > size) {
        surplus.addAll(Arrays.asList(old).subList(size, old.length));
        workers = Arrays.copyOf(old, size);
      }
    } finally {
      lock.unlock();
    }
    for (Worker<A> w : surplus) {
      w.ref.stopGracefully(); // no longer in the array: not replaced
    }
  }

  /** Returns the number of workers. */
  public int size() {
    return workers.length;
  }

  /** Returns the workers' references, in pool order. */
  public List<ActorRef<A>> workers() {
    List<ActorRef<A>> refs = new ArrayList<>();
    for (Worker<A> w : workers) {
      refs.add(w.ref);
    }
    return List.copyOf(refs);
  }

  /** Returns the pool's supervisor, the parent of every worker. */
  public ActorRef<Supervisor> supervisor() {
    return supervisor;
  }

  /**
   * Stops the pool: its workers stop gracefully (after what is queued for them), then its
   * supervisor; waits until all have stopped. Later sends fail with {@link NoWorkerException}.
   */
  public void stop() {
    giveUp("it was stopped");
    supervisor.stopGracefully();
    supervisor.waitForShutdown();
  }

  @Override
  public String toString() {
    return "Pool[" + workers.length + " workers, " + routing + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** Sends a tell as an ask whose completion only lowers the worker's load. */
  private void tracked(Worker<A> w, Message<? super A, ?> message) {
    w.load.incrementAndGet();
    CompletableFuture<?> done = w.ref.askAsync(message);
    if (done.state() == Future.State.FAILED
        && done.exceptionNow() instanceof SendException.ActorNotRunning e) {
      w.load.decrementAndGet();
      throw e;
    }
    done.whenComplete((r, e) -> w.load.decrementAndGet());
  }

  private Worker<A> pick(Object message, int attempt) {
    Worker<A>[] ws = workers;
    int n = ws.length;
    if (n == 0 || attempt > n) {
      String why = gone;
      throw new NoWorkerException(
          message, why != null ? why : n == 0 ? "no workers" : "every worker is stopping");
    }
    int start = (int) Long.remainderUnsigned(cursor.getAndIncrement(), n);
    // A worker that stopped stays listed until its replacement is in: skip it, or a retry after
    // ActorNotRunning would pick it again (its load is 0, the least of all).
    Worker<A> best = null;
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      Worker<A> w = ws[(start + i) % n];
      if (!w.ref.isAlive()) {
        continue;
      }
      if (routing == Routing.ROUND_ROBIN) {
        return w;
      }
      int load = w.load.get();
      if (load < least) {
        best = w;
        least = load;
        if (load == 0) {
          break;
        }
      }
    }
    if (best == null) {
      String why = gone;
      throw new NoWorkerException(message, why != null ? why : "every worker is stopping");
    }
    return best;
  }

  /** Spawns one more worker under the supervisor; under {@code lock}. */
  private void addWorker() {
    Worker<A>[] old = workers;
    Worker<A>[] grown = Arrays.copyOf(old, old.length + 1);
    grown[old.length] = spawnWorker();
    workers = grown;
  }

  /**
   * Spawns a worker under the supervisor and watches it; under {@code lock}, so its watch runs only
   * after the caller has put it in the array.
   */
  private Worker<A> spawnWorker() {
    ActorRef<A> ref = Supervisor.spawnChild(supervisor, ChildSpec.of(factory).options(options));
    Worker<A> w = new Worker<>(ref, new AtomicInteger());
    ref.shutdown().whenCompleteAsync((result, error) -> workerStopped(w), REPLACER);
    return w;
  }

  /** Replaces a worker that stopped for good, unless it was let go or the pool is gone. */
  private void workerStopped(Worker<A> w) {
    lock.lock();
    try {
      Worker<A>[] old = workers;
      int i = Arrays.asList(old).indexOf(w);
      if (i < 0 || gone != null) {
        return;
      }
      Worker<A> replacement;
      try {
        replacement = spawnWorker();
      } catch (SendException e) {
        // the supervisor is stopping: its own watch empties the pool
        Worker<A>[] shrunk = newArray(old.length - 1);
        System.arraycopy(old, 0, shrunk, 0, i);
        System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
        workers = shrunk;
        return;
      }
      Worker<A>[] next = old.clone();
      next[i] = replacement;
      workers = next;
    } finally {
      lock.unlock();
    }
  }

  private void giveUp(String why) {
    lock.lock();
    try {
      if (gone == null) {
        gone = why;
      }
      workers = newArray(0);
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private static <A extends Actor<A>> Worker<A>[] newArray(int n) {
    return (Worker<A>[]) new Worker<?>[n];
  }

  private static void checkSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a pool needs at least 1 worker: " + size);
    }
  }

  /**
   * Options of a pool: its size, routing, the workers' spawn options and their supervisor. Not
   * thread-safe while it is being configured.
   *
   * @param <A> the workers' actor class
   */
  public static final class Builder<A extends Actor<A>> {
    private final Supplier<? extends A> factory;
    private int size = Runtime.getRuntime().availableProcessors();
    private Routing routing = Routing.LEAST_BUSY;
    private Consumer<? super ActorBuilder<A>> options = b -> {};
    private Supervisor.Builder supervisor = Supervisor.builder();

    private Builder(Supplier<? extends A> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Sets the number of workers; the default is the number of available processors.
     *
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    public Builder<A> size(int size) {
      checkSize(size);
      this.size = size;
      return this;
    }

    /** Sets the routing; the default is {@link Routing#LEAST_BUSY}. */
    public Builder<A> routing(Routing routing) {
      this.routing = Objects.requireNonNull(routing, "routing");
      return this;
    }

    /** Sets the spawn options (mailbox, name, timeouts, thread) applied to each worker. */
    public Builder<A> options(Consumer<? super ActorBuilder<A>> options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets the supervisor of the workers: its restart limit and backoff; the default is {@link
     * Supervisor#builder()} (one-for-one, 5 restarts within 5 seconds). Declared children of the
     * builder would become the pool's supervisor's children too; leave it without any.
     */
    public Builder<A> supervisor(Supervisor.Builder supervisor) {
      this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
      return this;
    }

    /**
     * Spawns the supervisor and the workers and returns the pool.
     *
     * @throws SendException.HandlerFailed if the factory or the spawn options threw
     */
    public Pool<A> spawn() {
      return new Pool<>(this);
    }
  }
}
