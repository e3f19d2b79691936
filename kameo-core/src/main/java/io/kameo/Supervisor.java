package io.kameo;

import io.kameo.spi.HandlerTable;
import io.kameo.spi.HandlerTables;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An actor that spawns children from {@link ChildSpec}s and restarts them in place when they fail,
 * as its {@link SupervisionStrategy}, their {@link RestartPolicy} and its restart limit say.
 * Supervisors are actors, so a supervisor can be another one's child: they nest into trees.
 *
 * <pre>{@code
 * ActorRef<Supervisor> supervisor =
 *     Supervisor.builder()
 *         .strategy(SupervisionStrategy.ONE_FOR_ONE)
 *         .maxRestarts(5, Duration.ofSeconds(5))
 *         .spawn();
 * ActorRef<Worker> worker = Supervisor.spawnChild(supervisor, ChildSpec.of(Worker::new));
 * }</pre>
 *
 * <h2>A restart</h2>
 *
 * A restarted child is the same actor to everyone who holds its {@link ActorRef}: the same id,
 * mailbox, links and reference, with a fresh instance from the factory. Its old instance's {@link
 * Actor#onStop} runs before the new one's {@link Actor#onStart}; messages queued meanwhile wait in
 * the mailbox (a bounded one keeps its backpressure) and the new instance handles them. The ask
 * whose handler failed fails with {@link SendException.Restarted}. Linked actors hear only of the
 * final stop; {@link ActorRef#waitForShutdown} waits for it; {@link ActorRef#startup} describes the
 * first start. A stop the child was asked for ({@link ActorRef#stopGracefully}, {@link
 * ActorRef#kill}, {@link Context#stop}) is final under every policy; a child that stopped for good
 * is released.
 *
 * <h2>The restart limit</h2>
 *
 * At most {@code maxRestarts} restarts within a sliding {@code window} (by default 5 within 5
 * seconds, as in Kameo). A failure past the limit makes the supervisor give up: the failed child
 * stops for good, and the supervisor stops with {@link StopReason.LinkDied} naming that child and
 * its reason, which escalates the failure to the supervisor's own supervisor or links. A restart of
 * several children ({@link SupervisionStrategy#ONE_FOR_ALL}, {@link
 * SupervisionStrategy#REST_FOR_ONE}) counts once.
 *
 * <h2>Stopping</h2>
 *
 * When the supervisor stops, for any reason, it first stops its children in reverse start order
 * with {@link ActorRef#stopGracefully} and waits for each, up to the shutdown timeout, after which
 * it kills the child. A supervisor that is restarted by its own supervisor starts its declared
 * children ({@link Builder#child}) afresh; children added with {@link #spawnChild} are not
 * restarted with it.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Everything a child's old instance did, {@code onStop} included, <i>happens-before</i> its new
 * instance's {@code onStart}; both run on the child's own thread, one after the other.
 */
public final class Supervisor implements Actor<Supervisor> {
  static {
    HandlerTables.register(Supervisor.class, new Handlers());
  }

  private final Builder config;
  private final List<Supervision> children = new ArrayList<>();

  /** When each restart within the window happened (System.nanoTime), oldest first. */
  private final ArrayDeque<Long> restarts = new ArrayDeque<>();

  private ActorCell<Supervisor> cell;

  private Supervisor(Builder config) {
    this.config = config;
  }

  /** Returns a builder of supervisors, with the defaults: one-for-one, 5 restarts in 5 s. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Spawns a child from {@code spec} under {@code supervisor} and returns its reference, which
   * stays valid across its restarts. Waits for the supervisor to spawn it.
   *
   * @throws SendException.ActorNotRunning if the supervisor is not running
   * @throws SendException.HandlerFailed if the factory or the spawn options threw (its exception is
   *     the cause); the supervisor and its other children keep running
   */
  @SuppressWarnings("unchecked")
  public static <A extends Actor<A>> ActorRef<A> spawnChild(
      ActorRef<Supervisor> supervisor, ChildSpec<A> spec) {
    Objects.requireNonNull(spec, "spec");
    return (ActorRef<A>) supervisor.ask(new SpawnChild(spec));
  }

  /**
   * Returns the references of {@code supervisor}'s children that have not stopped, in start order.
   */
  public static List<ActorRef<?>> children(ActorRef<Supervisor> supervisor) {
    return supervisor.ask(new ListChildren());
  }

  @Override
  public String name() {
    return "Supervisor";
  }

  @Override
  public void onStart(ActorRef<Supervisor> self) throws Exception {
    cell = self.cell();
    try {
      for (ChildSpec<?> spec : config.children) {
        spawn(spec);
      }
    } catch (RuntimeException | Error e) {
      stopChildren(); // onStop will not run: onStart did not return
      throw e;
    }
  }

  /**
   * Handles a child's report: it ended an incarnation and waits for a directive, or it stopped for
   * good and is let go of. Reports of children of an earlier incarnation of this supervisor (all
   * stopped by its onStop) are ignored.
   */
  ControlFlow childReport(ActorId id, StopReason reason) throws InterruptedException {
    Supervision child = find(id);
    if (child == null) {
      return ControlFlow.CONTINUE;
    }
    if (child.isStopped()) {
      children.remove(child); // stopped for good: let go of it
      return ControlFlow.CONTINUE;
    }
    if (!child.isAwaiting()) {
      return ControlFlow.CONTINUE; // a report already answered by a restart of several children
    }
    return childFailed(child, reason);
  }

  /**
   * Keeps the supervisor running after one of its handlers threw: only {@link #spawnChild} can,
   * when the child's factory or spawn options fail, and its asker gets that failure.
   */
  @Override
  public ControlFlow onPanic(ActorRef<Supervisor> self, Throwable error) {
    ActorCell.LOG.warn("supervisor {} could not spawn a child", self.id(), error);
    return ControlFlow.CONTINUE;
  }

  @Override
  public void onStop(ActorRef<Supervisor> self, StopReason reason) {
    stopChildren();
  }

  private ActorRef<?> spawn(ChildSpec<?> spec) {
    Supervision child = spec.supervision(cell);
    ActorRef<?> ref = spec.spawn(child);
    children.add(child); // before any report of the child: reports are handled on this thread
    return ref;
  }

  private Supervision find(ActorId id) {
    for (Supervision child : children) {
      if (child.child().id.equals(id)) {
        return child;
      }
    }
    return null;
  }

  private ControlFlow childFailed(Supervision child, StopReason reason)
      throws InterruptedException {
    ActorId id = child.child().id;
    boolean restart =
        switch (child.policy) {
          case PERMANENT -> true;
          case TRANSIENT -> !reason.isNormal();
          case TEMPORARY -> false;
        };
    if (!restart) {
      child.direct(Supervision.Directive.STOP);
      return ControlFlow.CONTINUE;
    }
    long now = System.nanoTime();
    while (!restarts.isEmpty() && now - restarts.peekFirst() >= config.windowNanos) {
      restarts.pollFirst();
    }
    if (restarts.size() >= config.maxRestarts) {
      ActorCell.LOG.warn(
          "supervisor {} gives up after {} restarts within {}: child {} stopped with {}",
          cell.id,
          restarts.size(),
          Duration.ofNanos(config.windowNanos),
          id,
          reason);
      child.direct(Supervision.Directive.STOP);
      return ControlFlow.stop(new StopReason.LinkDied(id, reason));
    }
    restarts.addLast(now);
    long delay = backoffNanos(restarts.size());
    ActorCell.LOG.debug("supervisor {} restarts child {} after {}", cell.id, id, reason);
    switch (config.strategy) {
      case ONE_FOR_ONE -> child.direct(new Supervision.Directive(true, delay));
      case ONE_FOR_ALL -> restartAll(List.copyOf(children), child, reason, delay);
      case REST_FOR_ONE ->
          restartAll(
              List.copyOf(children.subList(children.indexOf(child), children.size())),
              child,
              reason,
              delay);
    }
    return ControlFlow.CONTINUE;
  }

  /**
   * Restarts {@code group} (in start order) for the failure of {@code failed}: ends the others'
   * incarnations in reverse start order, waiting for each, then gives each its directive in start
   * order and waits for its onStart. Temporary children in the group stop for good.
   */
  private void restartAll(
      List<Supervision> group, Supervision failed, StopReason reason, long delay)
      throws InterruptedException {
    ActorId failedId = failed.child().id;
    for (int i = group.size() - 1; i >= 0; i--) {
      Supervision sibling = group.get(i);
      if (sibling != failed) {
        sibling.requestEnd(failedId, reason);
        if (!sibling.awaitEnded(config.shutdownNanos)) {
          ActorCell.LOG.warn(
              "supervisor {}: child {} did not end within {} for a restart; killing it",
              cell.id,
              sibling.child().id,
              Duration.ofNanos(config.shutdownNanos));
          sibling.child().kill();
        }
      }
    }
    long wait = delay;
    for (Supervision member : group) {
      if (!member.isAwaiting()) {
        continue; // stopped for good meanwhile
      }
      if (member.policy == RestartPolicy.TEMPORARY) {
        member.direct(Supervision.Directive.STOP);
        continue;
      }
      int before = member.incarnation();
      member.direct(new Supervision.Directive(true, wait));
      if (!member.awaitRestarted(before, saturatedAdd(config.shutdownNanos, wait))) {
        ActorCell.LOG.warn(
            "supervisor {}: child {} did not start within {}; starting the next",
            cell.id,
            member.child().id,
            Duration.ofNanos(config.shutdownNanos));
      }
      wait = 0;
    }
  }

  private long backoffNanos(int restartsInWindow) {
    long delay = config.backoffNanos;
    for (int i = 1; i < restartsInWindow && delay < config.maxBackoffNanos; i++) {
      delay = saturatedAdd(delay, delay);
    }
    return Math.min(delay, config.maxBackoffNanos);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * Stops every child in reverse start order and waits for each: graceful stop, then a kill after
   * the shutdown timeout. A child waiting for a restart directive is told to stop at once.
   */
  private void stopChildren() {
    for (Supervision child : children) {
      child.supervisorGone();
    }
    boolean interrupted = false;
    for (int i = children.size() - 1; i >= 0; i--) {
      ActorRef<?> ref = children.get(i).child().ref;
      if (interrupted) {
        ref.kill(); // the supervisor was killed while it waited: stop the rest without waiting
        continue;
      }
      ref.stopGracefully();
      try {
        if (!awaitStop(ref)) {
          ActorCell.LOG.warn(
              "supervisor {}: child {} did not stop within {}; killing it",
              cell.id,
              ref.id(),
              Duration.ofNanos(config.shutdownNanos));
          ref.kill();
          if (!awaitStop(ref)) {
            ActorCell.LOG.warn("supervisor {}: killed child {} did not stop", cell.id, ref.id());
          }
        }
      } catch (InterruptedException e) {
        interrupted = true;
        ref.kill();
      }
    }
    children.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean awaitStop(ActorRef<?> ref) throws InterruptedException {
    try {
      ref.shutdown().toCompletableFuture().get(config.shutdownNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // a shutdown future never fails; treat as stopped
    }
  }

  private List<ActorRef<?>> liveChildren() {
    List<ActorRef<?>> refs = new ArrayList<>(children.size());
    for (Supervision child : children) {
      if (!child.isStopped()) {
        refs.add(child.child().ref);
      }
    }
    return List.copyOf(refs);
  }

  /**
   * Options of a supervisor: its strategy, restart limit, backoff, shutdown timeout and declared
   * children. {@link #build} makes a new supervisor instance, so {@code builder::build} is the
   * factory of a supervisor that is itself a child; {@link #spawn} spawns one.
   */
  public static final class Builder {
    private SupervisionStrategy strategy = SupervisionStrategy.ONE_FOR_ONE;
    private int maxRestarts = 5;
    private long windowNanos = Duration.ofSeconds(5).toNanos();
    private long backoffNanos;
    private long maxBackoffNanos;
    private long shutdownNanos = Duration.ofSeconds(5).toNanos();
    private final List<ChildSpec<?>> children = new ArrayList<>();

    private Builder() {}

    /** Sets which children a failure restarts; the default is one-for-one. */
    public Builder strategy(SupervisionStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Allows at most {@code maxRestarts} restarts within any {@code window}; the default is 5
     * within 5 seconds. Zero makes the first failure that would restart escalate instead.
     *
     * @throws IllegalArgumentException if {@code maxRestarts} is negative or {@code window} is not
     *     positive
     */
    public Builder maxRestarts(int maxRestarts, Duration window) {
      if (maxRestarts < 0) {
        throw new IllegalArgumentException("maxRestarts must not be negative: " + maxRestarts);
      }
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be positive: " + window);
      }
      this.maxRestarts = maxRestarts;
      this.windowNanos = ActorCell.nanos(window, "window");
      return this;
    }

    /**
     * Waits before each restart: {@code initial} for the first restart within the window, doubling
     * for each further one, up to {@code max}. The default is no wait. Messages queue meanwhile.
     *
     * @throws IllegalArgumentException if {@code max} is less than {@code initial}
     */
    public Builder backoff(Duration initial, Duration max) {
      long first = ActorCell.nanos(initial, "initial");
      long most = ActorCell.nanos(max, "max");
      if (most < first) {
        throw new IllegalArgumentException("max " + max + " is less than initial " + initial);
      }
      this.backoffNanos = first;
      this.maxBackoffNanos = most;
      return this;
    }

    /**
     * Sets how long the supervisor waits for a child to end (for its own stop, or a sibling's
     * restart) before it kills it; the default is 5 seconds.
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownNanos = ActorCell.nanos(timeout, "shutdownTimeout");
      return this;
    }

    /**
     * Declares a child that each incarnation of the supervisor spawns in its {@code onStart}, in
     * the order declared.
     */
    public Builder child(ChildSpec<?> spec) {
      children.add(Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /** Returns a new supervisor instance with these options, to spawn or to use as a factory. */
    public Supervisor build() {
      Builder copy = new Builder();
      copy.strategy = strategy;
      copy.maxRestarts = maxRestarts;
      copy.windowNanos = windowNanos;
      copy.backoffNanos = backoffNanos;
      copy.maxBackoffNanos = maxBackoffNanos;
      copy.shutdownNanos = shutdownNanos;
      copy.children.addAll(children);
      return new Supervisor(copy);
    }

    /** Spawns a supervisor with these options, with default actor options. */
    public ActorRef<Supervisor> spawn() {
      return Actor.spawn(build());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Messages and their handlers (written by hand: kameo-core has no annotation processor)

  private record SpawnChild(ChildSpec<?> spec) implements Message<Supervisor, ActorRef<?>> {}

  private record ListChildren() implements Message<Supervisor, List<ActorRef<?>>> {}

  private static final class Handlers implements HandlerTable<Supervisor> {
    @Override
    public boolean handles(Class<?> messageType) {
      return messageType == SpawnChild.class || messageType == ListChildren.class;
    }

    @Override
    public Object handle(Supervisor actor, Object message, Context<Supervisor, ?> context) {
      return switch (message) {
        case SpawnChild spawn -> actor.spawn(spawn.spec());
        case ListChildren list -> actor.liveChildren();
        default -> throw new IllegalArgumentException("not a supervisor message: " + message);
      };
    }
  }
}
