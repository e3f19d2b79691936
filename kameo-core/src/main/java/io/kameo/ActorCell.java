package io.kameo;

import io.kameo.internal.jfr.ActorEvent;
import io.kameo.internal.jfr.ActorPanicked;
import io.kameo.internal.jfr.ActorRestarted;
import io.kameo.internal.jfr.ActorSpawned;
import io.kameo.internal.jfr.ActorStarted;
import io.kameo.internal.jfr.ActorStopped;
import io.kameo.spi.ActorObserver;
import io.kameo.spi.ActorProbe;
import io.kameo.spi.AskFailure;
import io.kameo.spi.HandlerTable;
import io.kameo.spi.HandlerTables;
import io.kameo.spi.Observers;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * The runtime of one actor: its mailbox, its thread, its lifecycle state machine and its links.
 *
 * <p>Everything an {@link ActorRef} does goes through here. Only the actor's own thread runs {@link
 * #run()} and touches the actor's state.
 */
final class ActorCell<A extends Actor<A>> implements Runnable {
  /*
   * Lifecycle state machine (field `state`, volatile):
   *
   *   STARTING --onStart ok--> RUNNING --stopGracefully/kill--> STOPPING --runner exits--> STOPPED
   *       \__________________________ stopGracefully/kill ____/                 ^
   *        \____________________ onStart failed, handler stop, ... ____________/
   *
   * Senders are accepted in STARTING and RUNNING. STOPPING refuses new messages but the runner
   * still drains what is queued (graceful stop) unless `killRequested`. Only the runner writes
   * STOPPED, holding this cell's monitor, and in the same critical section it takes every queued
   * message out of the mailbox and closes the link set.
   *
   * A sender can pass the state check, lose the CPU, and queue after the runner drained the
   * mailbox for the last time. So after offering, a sender re-reads `state` (volatile, after the
   * queue's volatile producer-index CAS): if it is not STOPPED, the runner's final drain, which
   * happens after its STOPPED write, is certain to see the message. If it is STOPPED, the message
   * may have been queued after that drain: the sender moves whatever is queued into `orphans`
   * under the monitor and takes its own item back by identity, to refuse it with
   * ActorNotRunning. Every item in `orphans` belongs to a sender that also read STOPPED after its
   * offer and so will come for it. Each message is thus handled, dead-lettered, or handed back to
   * its sender, exactly once, and every ask completes.
   *
   * Parking: the runner never parks while the mailbox has messages. When it finds none it writes
   * `waiting = 1` (volatile), re-checks the mailbox, signals and state, and only then parks. A
   * producer offers (volatile CAS inside the queue) and then reads `waiting` (volatile); whoever
   * goes second in the synchronization order sees the other's write, so no wake-up is lost, and a
   * busy actor is never unparked per message: only the producer that wins the CAS on `waiting`
   * unparks it.
   *
   * A supervised actor (supervision != null) whose stop was not asked for does not go on to
   * STOPPED: superviseStop() ends the incarnation, waits for its supervisor's directive and runs a
   * new instance on this same cell; see Supervisor and docs/design/supervision.md.
   *
   * The monitor of the cell guards only short, non-blocking sections (state STOPPED, links, the
   * post-stop drain); user code never runs while it is held.
   */

  static final Logger LOG = LoggerFactory.getLogger(Actor.class);

  static final int STARTING = 0;
  static final int RUNNING = 1;
  static final int STOPPING = 2;
  static final int STOPPED = 3;

  /**
   * How many runners are running or runnable (woken, not yet parked or ended), process-wide. Every
   * increment is paired with one decrement: startRunner()/end of run(), and wake()/park() around
   * each sleep, the WAITING CAS deciding which side counts a wake-up. It only steers spin().
   */
  private static final LongAdder RUNNABLE = new LongAdder();

  private static final int CARRIERS = Runtime.getRuntime().availableProcessors();

  /** Returns how many runners are running or runnable; for tests of the count's balance. */
  static long runnableRunners() {
    return RUNNABLE.sum();
  }

  /**
   * Bounds of the adaptive spin before a busy actor parks; see spin(). The least budget is kept
   * even after misses (0 turns spinning off), the most is what a run of catches can reach.
   */
  static final int MIN_SPINS = Math.max(0, Integer.getInteger("io.kameo.minSpins", 64));

  private static final int MAX_SPINS =
      Math.max(MIN_SPINS, Integer.getInteger("io.kameo.maxSpins", 256));

  /** How long a platform thread spins on a reply before it parks; see awaitReply(). */
  private static final int ASK_SPINS = Integer.getInteger("io.kameo.askSpins", 2_000);

  /**
   * An actor that runs out of messages again within this window is busy: its thread parks instead
   * of ending. See idle().
   */
  private static final long HOT_WINDOW_NANOS =
      Long.getLong("io.kameo.hotWindowMicros", 50_000) * 1_000;

  private static final VarHandle STATE;
  private static final VarHandle WAITING;
  private static final VarHandle SCHEDULED;
  private static final VarHandle SIGNALS;
  private static final VarHandle STARTUP_FUTURE;
  private static final VarHandle SHUTDOWN_FUTURE;
  private static final Object STARTED = new Object();

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(ActorCell.class, "state", int.class);
      WAITING = lookup.findVarHandle(ActorCell.class, "waiting", int.class);
      SCHEDULED = lookup.findVarHandle(ActorCell.class, "scheduled", int.class);
      SIGNALS = lookup.findVarHandle(ActorCell.class, "signals", ConcurrentLinkedQueue.class);
      STARTUP_FUTURE =
          lookup.findVarHandle(ActorCell.class, "startupFuture", CompletableFuture.class);
      SHUTDOWN_FUTURE =
          lookup.findVarHandle(ActorCell.class, "shutdownFuture", CompletableFuture.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ActorId id;
  final String name;
  final ActorRef<A> ref;
  final long replyTimeoutNanos;
  final long mailboxTimeoutNanos;

  /** The actor's state; the runner drops it once the actor has stopped (see release()). */
  private A actor;

  private final Class<? extends A> actorClass;
  private final HandlerTable<A> table;

  /**
   * Where this actor reports what it does (see io.kameo.spi.Observers), or null, the usual case:
   * then the only trace of observation on the message path is the null test in handle().
   */
  final ActorProbe probe;

  /**
   * The mailbox; replaced by {@link MailboxQueue#CLOSED} once the actor has stopped, so a stopped
   * actor holds no queue. A sender reads it once per send and works on that queue to the end, so a
   * late sender still finds its own item (see afterOffer).
   */
  private MailboxQueue mailbox;

  /** The handlers' context; made by the first runner (see reader), runner only. */
  private Context<A, Object> context;

  private final boolean platformThread;
  private final boolean askExceptionsToCaller;

  /** The class of the actor instance. */
  Class<? extends A> actorClass() {
    return actorClass;
  }

  /** The thread running this actor now; null when none does (the actor is idle). */
  private volatile Thread thread;

  /** 1 while a runner thread exists (running or parked), 0 when none does. */
  private volatile int scheduled;

  /**
   * The mailbox's reading side, which also keeps the runner's spin and idle state; runner only,
   * taken from the mailbox by the first runner. Per message the runner writes only there and in the
   * context, objects it allocated itself, never into this cell, whose fields every sender reads:
   * see MailboxQueue's design note.
   */
  private MailboxQueue.Reader reader;

  private static final long NEVER = Long.MIN_VALUE;

  private volatile int state;
  private volatile int waiting;
  private volatile boolean killRequested;
  private volatile ConcurrentLinkedQueue<LinkSignal> signals;

  /*
   * Startup and shutdown outcomes are plain fields, and their futures are made only when someone
   * waits: most actors are never waited on, and two futures per actor are a tenth of an idle
   * actor's footprint. The runner writes the outcome then reads the future; a waiter publishes the
   * future then reads the outcome (all volatile): whichever comes second completes the future.
   */
  private volatile Object startupOutcome; // STARTED or a StartupFailedException
  private volatile CompletableFuture<Void> startupFuture;
  private volatile ShutdownResult shutdownOutcome;
  private volatile CompletableFuture<ShutdownResult> shutdownFuture;

  /** A one-entry cache of the last message class found handled; a racy read only re-checks. */
  private Class<?> lastHandled;

  /** Messages the actor told itself during onStart; actor thread only. */
  private ArrayDeque<Object> startupBuffer;

  /** Linked cells, made on first link; guarded by this cell's monitor. */
  private Set<ActorCell<?>> links;

  /**
   * Items queued after the runner's final drain, taken out by whichever late sender came first and
   * claimed by identity by their own senders; guarded by the monitor.
   */
  private List<Object> orphans;

  /** Why the actor stopped; written under the monitor once the last handler has run. */
  private StopReason finalReason;

  /**
   * Whether onStart is still to run; written before the first runner starts and by runners only,
   * each runner starting after the previous one's SCHEDULED reset, so always seen current.
   */
  private boolean needsStart;

  /** Whether onStart returned normally (or there is none): onStop runs only then. Runner only. */
  private boolean started = true;

  /** True while the stopped runner handles messages that were accepted before the stop. */
  private boolean drainingAccepted;

  /** Whether the runner stopped for stopGracefully(), so accepted messages are handled. */
  private boolean gracefulStop;

  /**
   * The link to this actor's supervisor, or null for an actor that is not supervised; written
   * before the first runner starts, read by runners (and by the supervisor, for restart requests).
   * See Supervisor and docs/design/supervision.md.
   */
  Supervision supervision;

  /** Asks whose reply was delegated and is not yet sent, failed when the actor stops. */
  private volatile Set<AskEnvelope> delegatedAsks;

  /** The actor's id as the MDC shows it; made by the runner on first use. */
  private String mdcId;

  /** The key set of the MDC map the runner last filled (SLF4J's own adapter only); runner only. */
  private Set<String> mdcKeys;

  private static final MDCAdapter MDC_ADAPTER = MDC.getMDCAdapter();
  private static final boolean MDC_ENABLED = !(MDC_ADAPTER instanceof NOPMDCAdapter);
  private static final BasicMDCAdapter BASIC_MDC =
      MDC_ADAPTER instanceof BasicMDCAdapter basic ? basic : null;

  ActorCell(
      A actor,
      String name,
      Mailbox mailbox,
      long replyTimeoutNanos,
      long mailboxTimeoutNanos,
      boolean platformThread,
      boolean askExceptionsToCaller) {
    this.actor = actor;
    @SuppressWarnings("unchecked")
    Class<? extends A> type = (Class<? extends A>) actor.getClass();
    this.actorClass = type;
    this.table = HandlerTables.of(type);
    this.id = ActorId.next();
    this.name = name;
    this.mailbox = new MailboxQueue(mailbox);
    this.replyTimeoutNanos = replyTimeoutNanos;
    this.mailboxTimeoutNanos = mailboxTimeoutNanos;
    this.ref = new ActorRef<>(this, id);
    this.platformThread = platformThread;
    this.askExceptionsToCaller = askExceptionsToCaller;
    // Last, so that a constructor that fails leaves no claim behind; release() gives it back.
    if (!RunningInstances.add(actor)) {
      throw new IllegalStateException(
          "the instance "
              + type.getName()
              + "@"
              + Integer.toHexString(System.identityHashCode(actor))
              + " of actor "
              + name
              + " is already running as another actor; spawn a new instance for each actor");
    }
    ActorObserver observer = Observers.installed();
    this.probe = observer == null ? null : observer.spawned(type);
    ActorSpawned spawned = new ActorSpawned();
    if (spawned.isEnabled()) {
      describe(spawned).commit();
    }
  }

  /** Fills in which actor an event is about; returns it. */
  <E extends ActorEvent> E describe(E event) {
    event.actorId = id.sequence();
    event.actorName = name;
    event.actorClass = actorClass;
    return event;
  }

  /**
   * Starts the actor. An actor without an {@link Actor#onStart} of its own gets no thread until its
   * first message: spawning is then only an allocation.
   */
  void start() {
    if (platformThread || HAS_ON_START.get(actorClass)) {
      needsStart = true;
      started = false;
      scheduled = 1;
      startRunner();
    } else {
      state = RUNNING;
      publishStartup(STARTED);
    }
  }

  private static final ClassValue<Boolean> HAS_ON_START =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("onStart", ActorRef.class).getDeclaringClass() != Actor.class;
          } catch (NoSuchMethodException e) {
            return true;
          }
        }
      };

  private void startRunner() {
    RUNNABLE.increment(); // released when the runner's thread ends, see run()
    String threadName = name + "-" + id;
    Thread runner =
        platformThread
            ? Thread.ofPlatform().name(threadName).daemon(true).unstarted(this)
            : Thread.ofVirtual().name(threadName).unstarted(this);
    thread = runner;
    runner.start();
  }

  /** Makes sure a runner will see new work: starts one, or unparks the one that waits. */
  private void schedule() {
    if (scheduled == 0 && SCHEDULED.compareAndSet(this, 0, 1)) {
      startRunner();
    } else {
      wake();
    }
  }

  boolean isAccepting() {
    return state < STOPPING;
  }

  /** Returns whether the calling thread is this actor's own (a wait for itself would deadlock). */
  boolean isRunnerThread() {
    return Thread.currentThread() == thread;
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  void tell(Object message, long mailboxNanos) {
    checkHandled(message);
    if (state >= STOPPING) {
      throw new SendException.ActorNotRunning(id, message);
    }
    if (Thread.currentThread() == thread) {
      sendToSelf(message, message);
      return;
    }
    enqueue(message, message, mailboxNanos);
  }

  boolean tryTell(Object message) {
    checkHandled(message);
    if (state >= STOPPING) {
      throw new SendException.ActorNotRunning(id, message);
    }
    if (Thread.currentThread() == thread && state == STARTING) {
      startupBuffer().add(message);
      return true;
    }
    MailboxQueue queue = mailbox;
    if (!queue.tryOffer(message)) {
      if (state >= STOPPING) {
        throw new SendException.ActorNotRunning(id, message);
      }
      return false;
    }
    if (afterOffer(queue, message)) {
      throw new SendException.ActorNotRunning(id, message);
    }
    return true;
  }

  <R> R ask(Object message, long mailboxNanos, long replyNanos) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException(
          "actor "
              + id
              + " cannot wait for its own reply (it would deadlock); use askAsync or tell");
    }
    AskEnvelope envelope;
    try {
      envelope = submitAsk(message, mailboxNanos, false, null);
    } catch (SendException e) {
      throw askFailed(e);
    }
    return awaitReply(envelope, replyNanos);
  }

  /** Reports a failed ask to the probe, if this actor is observed; returns {@code error}. */
  <E extends Throwable> E askFailed(E error) {
    ActorProbe p = probe;
    if (p != null) {
      p.askFailed(AskFailure.of(error));
    }
    return error;
  }

  /**
   * Sends an ask and returns the caller's own future of the reply (see {@link ReplyFuture}); the
   * envelope the actor answers stays inside the runtime.
   */
  @SuppressWarnings("unchecked")
  <R> CompletableFuture<R> askAsync(
      Object message, long mailboxNanos, long replyNanos, boolean noWait) {
    ReplyFuture<Object> caller = new ReplyFuture<>(this);
    AskEnvelope envelope;
    try {
      envelope = submitAsk(message, mailboxNanos, noWait, caller);
    } catch (SendException e) {
      return CompletableFuture.failedFuture(askFailed(e));
    }
    if (replyNanos != Long.MAX_VALUE && !envelope.isDone()) {
      ReplyTimer.schedule(envelope, id, replyNanos);
    }
    return (CompletableFuture<R>) (CompletableFuture<?>) caller;
  }

  /** Queues {@code message} as an ask; throws the SendException that refused it. */
  private AskEnvelope submitAsk(
      Object message, long mailboxNanos, boolean noWait, ReplyFuture<Object> caller) {
    checkHandled(message);
    if (state >= STOPPING) {
      throw new SendException.ActorNotRunning(id, message);
    }
    AskEnvelope envelope = new AskEnvelope(message, caller);
    if (Thread.currentThread() == thread) {
      sendToSelf(envelope, message);
    } else {
      enqueue(envelope, message, noWait ? 0 : mailboxNanos);
    }
    return envelope;
  }

  /** Queues a message forwarded by another actor's handler, answering {@code origin}. */
  void forward(Object message, AskEnvelope origin) {
    if (origin == null) {
      tell(message, mailboxTimeoutNanos);
      return;
    }
    checkHandled(message);
    AskEnvelope forwarded = new AskEnvelope(message, null);
    forwarded.whenComplete(
        (reply, error) -> {
          if (error != null) {
            origin.completeExceptionally(error);
          } else {
            origin.complete(reply);
          }
        });
    try {
      if (state >= STOPPING) {
        throw new SendException.ActorNotRunning(id, message);
      }
      if (Thread.currentThread() == thread) {
        sendToSelf(forwarded, message);
      } else {
        enqueue(forwarded, message, mailboxTimeoutNanos);
      }
    } catch (SendException e) {
      origin.completeExceptionally(e);
    }
  }

  /** A send from the actor's own thread: it must never block on its own mailbox. */
  private void sendToSelf(Object item, Object message) {
    if (state == STARTING) {
      startupBuffer().add(item);
    } else if (!mailbox.tryOffer(item)) {
      throw new SendException.MailboxFull(id, message);
    }
  }

  private void enqueue(Object item, Object message, long mailboxNanos) {
    MailboxQueue queue = mailbox;
    MailboxQueue.Offer outcome;
    try {
      outcome = queue.offer(item, mailboxNanos, this);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SendException.Interrupted.waitingForRoom(id, message);
    }
    switch (outcome) {
      case QUEUED -> {}
      case CLOSED -> throw new SendException.ActorNotRunning(id, message);
      case TIMED_OUT ->
          throw mailboxNanos == 0
              ? new SendException.MailboxFull(id, message)
              : SendException.Timeout.mailbox(id, message, Duration.ofNanos(mailboxNanos));
    }
    if (afterOffer(queue, item)) {
      throw new SendException.ActorNotRunning(id, message);
    }
  }

  /**
   * Wakes the runner after an offer, or, if the actor stopped meanwhile, takes the item back;
   * returns true if {@code item} was taken back (and so must be refused to its sender).
   */
  private boolean afterOffer(MailboxQueue queue, Object item) {
    if (state != STOPPED) {
      schedule();
      return false;
    }
    synchronized (this) {
      if (orphans == null) {
        orphans = new ArrayList<>();
      }
      drainInto(queue, orphans);
      for (int i = 0; i < orphans.size(); i++) {
        if (orphans.get(i) == item) {
          orphans.remove(i);
          return true;
        }
      }
    }
    return false; // the runner's final drain took it
  }

  private <R> R awaitReply(AskEnvelope envelope, long replyNanos) {
    if (!envelope.isDone() && !Thread.currentThread().isVirtual()) {
      // A platform thread that parks is woken by a futex call, several microseconds; most replies
      // come sooner than that. Virtual threads park cheaply and must not hold their carrier.
      for (int i = 0; i < ASK_SPINS && !envelope.isDone(); i++) {
        Thread.onSpinWait();
      }
    }
    Object reply;
    try {
      reply =
          replyNanos == Long.MAX_VALUE
              ? envelope.get()
              : envelope.get(replyNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw askFailed(asSendException(e.getCause()));
    } catch (TimeoutException e) {
      throw askFailed(SendException.Timeout.reply(id, Duration.ofNanos(replyNanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw askFailed(SendException.Interrupted.waitingForReply(id));
    }
    @SuppressWarnings("unchecked")
    R typed = (R) reply;
    return typed;
  }

  private RuntimeException asSendException(Throwable cause) {
    if (cause instanceof SendException e) {
      return e;
    }
    return new SendException.HandlerFailed(id, cause);
  }

  void checkHandled(Object message) {
    Class<?> type = message.getClass();
    if (type != lastHandled) {
      if (!table.handles(type)) {
        throw new IllegalArgumentException(
            "actor "
                + name
                + "#"
                + id
                + " ("
                + actorClass.getName()
                + ") has no handler for "
                + type.getName());
      }
      lastHandled = type;
    }
  }

  private void wake() {
    if ((int) WAITING.getVolatile(this) != 0 && WAITING.compareAndSet(this, 1, 0)) {
      RUNNABLE.increment();
      LockSupport.unpark(thread);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle requests

  void stopGracefully() {
    int s = state;
    while (s < STOPPING) {
      int witness = (int) STATE.compareAndExchange(this, s, STOPPING);
      if (witness == s) {
        mailbox.wakeSenders();
        schedule();
        return;
      }
      s = witness;
    }
  }

  void kill() {
    synchronized (this) {
      if (state == STOPPED && !drainingAccepted) {
        return;
      }
      killRequested = true;
      int s = state;
      while (s < STOPPING) {
        int witness = (int) STATE.compareAndExchange(this, s, STOPPING);
        if (witness == s) {
          break;
        }
        s = witness;
      }
      Thread runner = thread;
      if (runner != null) {
        runner.interrupt();
      }
    }
    mailbox.wakeSenders();
    schedule();
  }

  // ---------------------------------------------------------------------------------------------
  // Delegated replies

  /** Remembers a delegated ask until it is answered, so that the actor's stop can fail it. */
  void track(AskEnvelope envelope) {
    Set<AskEnvelope> asks = delegatedAsks;
    if (asks == null) {
      asks = ConcurrentHashMap.newKeySet();
      delegatedAsks = asks; // runner only: delegate() runs in a handler
    }
    envelope.delegatedBy = this;
    asks.add(envelope);
    // An answer that came between the two lines above found nothing to remove; take it out here.
    // The answer's completion (a volatile CAS) comes before its untrack(), which comes before or
    // after this add in the set's order: if before, isDone() below sees the completion.
    if (envelope.isDone()) {
      asks.remove(envelope);
    }
  }

  /** Forgets a delegated ask that was answered; any thread. */
  void untrack(AskEnvelope envelope) {
    Set<AskEnvelope> asks = delegatedAsks;
    if (asks != null) {
      asks.remove(envelope);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Links

  static void link(ActorCell<?> a, ActorCell<?> b) {
    if (a == b) {
      throw new IllegalArgumentException("an actor cannot link to itself: " + a.id);
    }
    ActorCell<?> first = a.id.compareTo(b.id) < 0 ? a : b;
    ActorCell<?> second = first == a ? b : a;
    StopReason aDead;
    StopReason bDead;
    synchronized (first) {
      synchronized (second) {
        aDead = a.finalReason;
        bDead = b.finalReason;
        if (aDead == null && bDead == null) {
          a.linkSet().add(b);
          b.linkSet().add(a);
        }
      }
    }
    if (aDead != null && bDead == null) {
      b.signalLinkDied(a.id, aDead);
    } else if (bDead != null && aDead == null) {
      a.signalLinkDied(b.id, bDead);
    }
  }

  static void unlink(ActorCell<?> a, ActorCell<?> b) {
    ActorCell<?> first = a.id.compareTo(b.id) < 0 ? a : b;
    ActorCell<?> second = first == a ? b : a;
    synchronized (first) {
      synchronized (second) {
        if (a.links != null) {
          a.links.remove(b);
        }
        if (b.links != null) {
          b.links.remove(a);
        }
      }
    }
  }

  /** Returns the link set, made on first use; caller holds the monitor. */
  private Set<ActorCell<?>> linkSet() {
    if (links == null) {
      links = new HashSet<>(4);
    }
    return links;
  }

  void signalLinkDied(ActorId deadId, StopReason reason) {
    signal(new LinkSignal(deadId, reason, LINK_DIED));
  }

  /**
   * Tells this supervisor that its child {@code childId} ended an incarnation with {@code reason}
   * (it waits for a directive) or stopped for good.
   */
  void signalChildReport(ActorId childId, StopReason reason) {
    signal(new LinkSignal(childId, reason, CHILD_REPORT));
  }

  /**
   * Asks this supervised actor to end its incarnation number {@code incarnation} after the current
   * handler, because its sibling {@code siblingId} failed with {@code reason}.
   */
  void signalRestart(ActorId siblingId, StopReason reason, int incarnation) {
    signal(new LinkSignal(siblingId, reason, incarnation));
  }

  private void signal(LinkSignal signal) {
    if (state == STOPPED) {
      return;
    }
    ConcurrentLinkedQueue<LinkSignal> queue = signals;
    if (queue == null) {
      SIGNALS.compareAndSet(this, null, new ConcurrentLinkedQueue<LinkSignal>());
      queue = signals;
    }
    queue.add(signal);
    schedule();
  }

  private boolean hasSignals() {
    ConcurrentLinkedQueue<LinkSignal> queue = signals;
    return queue != null && !queue.isEmpty();
  }

  /**
   * A link's death (incarnation LINK_DIED), a supervised child's report to its supervisor
   * (CHILD_REPORT), or a supervisor's request to end incarnation number {@code incarnation}.
   */
  private record LinkSignal(ActorId id, StopReason reason, int incarnation) {}

  private static final int LINK_DIED = -1;
  private static final int CHILD_REPORT = -2;

  // ---------------------------------------------------------------------------------------------
  // Stop hooks (registry entries, timers, attached streams; see io.kameo.internal.ActorInternals)

  /** Hooks to run at the final stop, made on first use; guarded by the monitor. */
  private Set<Runnable> stopHooks;

  /**
   * Set once the final stop took the hooks; none can be added after. Written under the monitor,
   * read without it by hasStopped() (volatile).
   */
  private volatile boolean stopHooksTaken;

  /** Adds a hook for the final stop; returns false if the actor has stopped for good already. */
  boolean addStopHook(Runnable hook) {
    synchronized (this) {
      if (stopHooksTaken) {
        return false;
      }
      if (stopHooks == null) {
        stopHooks = new HashSet<>(4);
      }
      stopHooks.add(hook);
      return true;
    }
  }

  void removeStopHook(Runnable hook) {
    synchronized (this) {
      if (stopHooks != null) {
        stopHooks.remove(hook);
      }
    }
  }

  boolean hasStopped() {
    return stopHooksTaken;
  }

  /** The bounded mailbox's capacity, 0 if unbounded, -1 once stopped; any thread. */
  int mailboxCapacity() {
    return mailbox.capacity();
  }

  private void runStopHooks() {
    Set<Runnable> hooks;
    synchronized (this) {
      stopHooksTaken = true;
      hooks = stopHooks;
      stopHooks = null;
    }
    if (hooks != null) {
      for (Runnable hook : hooks) {
        try {
          hook.run();
        } catch (Throwable t) {
          LOG.warn("actor {} ({}) stop hook failed", id, name, t);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The actor's thread

  @Override
  public void run() {
    if (reader == null) { // the first runner: see the field's comment
      reader = mailbox.reader();
      context = new Context<>(this);
    }
    StopReason reason;
    try {
      reason = needsStart ? startThenLoop() : loop();
      if (reason != null && supervision != null) {
        reason = superviseStop(reason);
      }
    } catch (Throwable t) {
      // Only a bug in the runtime itself can get here; still stop cleanly.
      enterMdc();
      LOG.error("actor {} runtime failure", id, t);
      reason = new StopReason.Panicked(PanicSource.HANDLER, t);
    }
    try {
      if (reason != null) {
        finish(reason);
      }
    } finally {
      if (MDC_ENABLED) {
        MDC.clear();
        mdcKeys = null;
      }
      RUNNABLE.decrement();
    }
  }

  /**
   * Sets the MDC of the actor's thread to this actor's id and name, and nothing else, before each
   * handler and hook: what one handler put there does not leak into the next, and a handler that
   * cleared it does not leave the next without the actor's id.
   */
  private void enterMdc() {
    if (!MDC_ENABLED) {
      return;
    }
    // SLF4J's own adapter (slf4j-simple and others) hands out its map's live key set. The set of
    // the map this runner filled last time is the same object, with the same two keys, unless a
    // handler cleared, replaced or added to the map: then it is reset. (A handler that overwrote
    // actor.id itself keeps its value.) Other adapters offer no such view, so their map is reset
    // each time.
    if (BASIC_MDC != null) {
      Set<String> keys = BASIC_MDC.getKeys();
      if (keys != null && keys == mdcKeys && keys.size() == 2) {
        return;
      }
    }
    String mdcId = this.mdcId;
    if (mdcId == null) {
      mdcId = this.mdcId = id.toString();
    }
    MDC.clear();
    MDC.put("actor.id", mdcId);
    MDC.put("actor.name", name);
    if (BASIC_MDC != null) {
      mdcKeys = BASIC_MDC.getKeys();
    }
  }

  /**
   * Runs onStart, then the messages it sent the actor itself, then the mailbox. A stop requested
   * before onStart ran still lets it run first (so onStop never meets state that was not set up); a
   * kill before it ran skips both hooks.
   */
  private StopReason startThenLoop() {
    needsStart = false;
    if (killRequested) {
      firstStartup(
          new StartupFailedException(id, new IllegalStateException("killed before onStart ran")));
      return StopReason.KILLED;
    }
    try {
      enterMdc();
      actor.onStart(ref);
    } catch (Throwable t) {
      if (!killRequested) {
        LOG.warn("actor {} ({}) failed to start", id, name, t);
      }
      firstStartup(new StartupFailedException(id, t));
      if (supervision != null) {
        supervision.incarnationStarted();
      }
      return killRequested ? StopReason.KILLED : new StopReason.Panicked(PanicSource.ON_START, t);
    }
    started = true;
    ActorStarted startedEvent = new ActorStarted();
    if (startedEvent.isEnabled()) {
      describe(startedEvent).commit();
    }
    STATE.compareAndSet(this, STARTING, RUNNING);
    firstStartup(STARTED);
    if (supervision != null) {
      supervision.incarnationStarted();
    }
    ArrayDeque<Object> early = startupBuffer;
    if (early != null) {
      for (Object item; (item = early.poll()) != null; ) {
        StopReason reason = killRequested ? StopReason.KILLED : handle(item);
        if (reason != null) {
          return reason;
        }
      }
    }
    return loop();
  }

  /**
   * Publishes onStart's outcome unless an earlier incarnation did: startup() and waitForStartup()
   * describe the actor's first start, not its restarts.
   */
  private void firstStartup(Object outcome) {
    if (startupOutcome == null) {
      publishStartup(outcome);
    }
  }

  /**
   * A supervised actor's incarnation ended with {@code reason}. Unless the stop was asked for
   * (stopGracefully, kill, Context.stop: final under every policy), runs the incarnation's onStop,
   * waits for the supervisor's directive, and runs the next incarnation on this same cell (same id,
   * mailbox, links and reference). Returns the reason of the final stop, or null when a new
   * incarnation went idle. The state never passes through STOPPED on the way, so senders keep
   * queueing (bounded mailboxes keep their backpressure) and no queued message is touched.
   */
  private StopReason superviseStop(StopReason ended) {
    Supervision sup = supervision;
    StopReason reason = ended;
    while (reason != null) {
      if (state >= STOPPING || context.stopRequested || killRequested) {
        return reason;
      }
      boolean forSibling = sup.restartRequested;
      sup.restartRequested = false;
      if (started) {
        started = false; // this incarnation's onStop runs here, never again in finish()
        sup.endedStopFailure = runOnStop(reason);
      }
      boolean restart;
      RUNNABLE.decrement(); // blocked until the supervisor decides: not runnable, see spin()
      try {
        Supervision.Directive directive = sup.awaitDirective(id, reason, forSibling);
        restart = directive.restart() && !killRequested && sup.backoff(directive.delayNanos());
      } finally {
        RUNNABLE.increment();
      }
      restart &= !killRequested;
      sup.failHeldAsk(id, restart);
      if (!restart) {
        return killRequested ? StopReason.KILLED : reason;
      }
      sup.endedStopFailure = null;
      reason = nextIncarnation();
    }
    return null;
  }

  /** Runs onStop of the current instance; returns what it threw, or null. */
  private Throwable runOnStop(StopReason reason) {
    try {
      enterMdc();
      actor.onStop(ref, reason);
      return null;
    } catch (Throwable t) {
      LOG.warn("actor {} ({}) onStop failed", id, name, t);
      return t;
    }
  }

  /**
   * Replaces the actor with a fresh instance from the supervisor's factory and runs it from its
   * onStart; returns what startThenLoop() returns, or a Panicked(ON_START) reason if the factory
   * failed.
   */
  private StopReason nextIncarnation() {
    Supervision sup = supervision;
    A fresh;
    try {
      Actor<?> made = Objects.requireNonNull(sup.factory.get(), "the factory returned null");
      if (made.getClass() != actorClass) {
        throw new IllegalStateException(
            "the factory made a " + made.getClass().getName() + ", not a " + actorClass.getName());
      }
      if (made == actor) {
        throw new IllegalStateException("the factory returned the failed instance again");
      }
      @SuppressWarnings("unchecked")
      A typed = (A) made;
      if (!RunningInstances.add(typed)) {
        throw new IllegalStateException("the factory returned an instance that already runs");
      }
      fresh = typed;
    } catch (Throwable t) {
      enterMdc();
      LOG.warn("actor {} ({}) could not be restarted", id, name, t);
      sup.incarnationStarted();
      return new StopReason.Panicked(PanicSource.ON_START, t);
    }
    RunningInstances.remove(actor);
    actor = fresh;
    STATE.compareAndSet(this, RUNNING, STARTING); // self-sends of the new onStart come first
    LOG.debug("actor {} ({}) restarted", id, name);
    ActorRestarted restarted = new ActorRestarted();
    if (restarted.isEnabled()) {
      describe(restarted).commit();
    }
    return startThenLoop();
  }

  /** Handles messages until the actor stops (returns why) or goes idle (returns null). */
  private StopReason loop() {
    for (; ; ) {
      if (killRequested) {
        return StopReason.KILLED;
      }
      if (hasSignals()) {
        StopReason reason = handleSignals();
        if (reason != null) {
          return reason;
        }
      }
      Object item = reader.poll();
      if (item != null) {
        StopReason reason = handle(item);
        if (reason != null) {
          return reason;
        }
      } else if (state >= STOPPING) {
        if (!killRequested && reader.isEmpty() && !hasSignals()) {
          gracefulStop = true;
          return StopReason.NORMAL;
        }
      } else if (!idle()) {
        return null;
      }
    }
  }

  /**
   * The mailbox is empty: either park this thread (a busy actor, its next message is likely near)
   * or let it end (an actor that was idle a while; its next message starts a new thread). Returns
   * false when this thread must end.
   */
  private boolean idle() {
    long now = System.nanoTime();
    MailboxQueue.Reader r = reader;
    long last = r.lastIdleNanos;
    boolean hot = platformThread || (last != NEVER && now - last < HOT_WINDOW_NANOS);
    r.lastIdleNanos = now;
    if (hot) {
      park();
      return true;
    }
    r.forgetHandled();
    thread = null;
    SCHEDULED.setVolatile(this, 0);
    if (hasWork() && SCHEDULED.compareAndSet(this, 0, 1)) {
      thread = Thread.currentThread();
      return true;
    }
    return false;
  }

  private boolean hasWork() {
    return !reader.isEmpty() || hasSignals() || state >= STOPPING;
  }

  private void park() {
    if (spin()) {
      return;
    }
    WAITING.setVolatile(this, 1);
    if (hasWork()) {
      if (!WAITING.compareAndSet(this, 1, 0)) {
        RUNNABLE.decrement(); // a waker counted this runner as woken; it never slept
      }
      return;
    }
    RUNNABLE.decrement();
    reader.forgetHandled();
    LockSupport.park(this);
    if (WAITING.compareAndSet(this, 1, 0)) {
      RUNNABLE.increment(); // woken by no waker (spurious wake-up, interrupt)
    }
  }

  /**
   * Spins briefly for the next message before a busy actor parks; returns true if work came.
   *
   * <p>In a conversation (request/response, one producer flooding one consumer) the next message
   * usually arrives within a microsecond or two, and catching it by spinning saves both the park
   * and the sender's unpark. With many actors taking turns on few cores the spin only steals the
   * carrier from actors that have work: so no actor spins while more actors are runnable than there
   * are carriers (RUNNABLE), and the budget adapts per actor: it doubles when a spin caught a
   * message and halves when it did not, down to MIN_SPINS and never to zero. A spin only pays when
   * the partner is awake too (a parked partner answers after its carrier wakes, tens of
   * microseconds later), so a budget that could reach zero made two partners park in turn for good:
   * each one's misses taught the other to stop spinning. The floor keeps both awake; what it costs
   * is at most MIN_SPINS pauses per idle period, and only while carriers are free.
   */
  private boolean spin() {
    MailboxQueue.Reader r = reader;
    int budget = r.spinBudget;
    if (RUNNABLE.sum() > CARRIERS) {
      r.spinBudget = Math.max(MIN_SPINS, budget >> 1); // others wait for a carrier
      return false;
    }
    for (int i = 0; i < budget; i++) {
      if (r.nextStored() || hasSignals() || state >= STOPPING) { // never tail: see nextStored()
        r.spinBudget = Math.min(MAX_SPINS, budget << 1);
        return true;
      }
      Thread.onSpinWait();
    }
    r.spinBudget = Math.max(MIN_SPINS, budget >> 1);
    return false;
  }

  /** Handles one queued item; returns the reason to stop, or null to go on. */
  private StopReason handle(Object item) {
    ActorProbe p = probe;
    return p == null ? dispatch(item) : observed(item, p);
  }

  /** Handles one item of an observed actor and reports it; kept out of handle(), see probe. */
  private StopReason observed(Object item, ActorProbe p) {
    long depth = reader.depth();
    long start = System.nanoTime();
    StopReason reason = dispatch(item);
    p.handled(System.nanoTime() - start, depth);
    return reason;
  }

  /** Runs the handler of one item and answers its ask; returns the reason to stop, or null. */
  private StopReason dispatch(Object item) {
    AskEnvelope envelope = item instanceof AskEnvelope ask ? ask : null;
    Object message = envelope == null ? item : envelope.message;
    Context<A, Object> ctx = context;
    ctx.envelope = envelope;
    ctx.delegated = false;
    enterMdc();
    ctx.handling = Thread.currentThread();
    try {
      Object reply = table.handle(actor, message, ctx);
      if (envelope != null && !ctx.delegated) {
        envelope.complete(reply);
      }
    } catch (Throwable error) {
      return failed(envelope, error, ctx);
    } finally {
      ctx.handling = null;
      ctx.envelope = null;
    }
    return ctx.stopRequested ? StopReason.NORMAL : null;
  }

  /**
   * A handler threw {@code error}: answers its ask (or, for a supervised actor that stops, leaves
   * the answer to the supervisor's decision) and returns the reason to stop, or null to go on. Kept
   * out of handle() so that the per-message path stays small.
   */
  private StopReason failed(AskEnvelope envelope, Throwable error, Context<A, Object> ctx) {
    if (killRequested) {
      if (envelope != null && !ctx.delegated) {
        envelope.completeExceptionally(new SendException.ActorStopped(id, StopReason.KILLED, null));
      }
      return StopReason.KILLED;
    }
    boolean answered = envelope != null && !ctx.delegated;
    Supervision sup = supervision;
    if (answered && (sup == null || askExceptionsToCaller && error instanceof Exception)) {
      envelope.completeExceptionally(new SendException.HandlerFailed(id, error));
      answered = false;
      if (askExceptionsToCaller && error instanceof Exception) {
        enterMdc();
        LOG.debug("actor {} ({}) handler failed; the asker gets the error", id, name, error);
        return ctx.stopRequested ? StopReason.NORMAL : null;
      }
    }
    StopReason reason = panic(error);
    if (answered) {
      // Supervised: the asker learns whether a retry is safe once the supervisor has decided.
      sup.holdFailedAsk(id, envelope, error, reason == null);
    }
    return reason;
  }

  private StopReason panic(Throwable error) {
    enterMdc();
    LOG.debug("actor {} ({}) handler failed", id, name, error);
    ActorPanicked panicked = new ActorPanicked();
    if (panicked.isEnabled()) {
      panicked.errorClass = error.getClass();
      panicked.errorMessage = error.getMessage();
      describe(panicked).commit();
    }
    ControlFlow flow;
    try {
      flow = actor.onPanic(ref, error);
      Objects.requireNonNull(flow, "onPanic returned null");
    } catch (Throwable hookError) {
      hookError.addSuppressed(error);
      return new StopReason.Panicked(PanicSource.ON_PANIC, hookError);
    }
    return flow instanceof ControlFlow.Stop stop ? stop.reason() : null;
  }

  private StopReason handleSignals() {
    for (LinkSignal signal; (signal = signals.poll()) != null; ) {
      int kind = signal.incarnation();
      if (kind >= 0) {
        // A sibling's restart: end this incarnation, unless the request was for an earlier one.
        if (supervision.isCurrent(kind)) {
          supervision.restartRequested = true;
          return new StopReason.LinkDied(signal.id(), signal.reason());
        }
        continue;
      }
      ControlFlow flow;
      try {
        enterMdc();
        flow =
            kind == CHILD_REPORT
                ? ((Supervisor) (Object) actor).childReport(signal.id(), signal.reason())
                : actor.onLinkDied(ref, signal.id(), signal.reason());
        Objects.requireNonNull(flow, "onLinkDied returned null");
      } catch (Throwable hookError) {
        return new StopReason.Panicked(PanicSource.ON_LINK_DIED, hookError);
      }
      if (flow instanceof ControlFlow.Stop stop) {
        return stop.reason();
      }
    }
    return null;
  }

  private void finish(StopReason stopReason) {
    StopReason reason = stopReason;
    Supervision sup = supervision;
    if (sup != null) {
      sup.failHeldAsk(id, false);
    }
    List<Object> leftovers;
    synchronized (this) {
      state = STOPPED;
      leftovers = drainInto(mailbox, new ArrayList<>());
      drainingAccepted = gracefulStop && !leftovers.isEmpty();
    }
    if (drainingAccepted) {
      reason = handleAccepted(leftovers);
    }
    Set<ActorCell<?>> linked;
    synchronized (this) {
      drainingAccepted = false;
      finalReason = reason;
      linked = links;
      links = null;
    }
    Thread.interrupted(); // clear a kill's interrupt; kill() no longer interrupts from here on
    mailbox.wakeSenders();
    if (startupBuffer != null) {
      leftovers.addAll(0, startupBuffer);
      startupBuffer = null;
    }
    List<Object> deadLetters = new ArrayList<>();
    for (Object item : leftovers) {
      if (item instanceof AskEnvelope ask) {
        ask.completeExceptionally(new SendException.ActorStopped(id, reason, ask.message));
      } else {
        deadLetters.add(item);
      }
    }
    if (startupOutcome == null) {
      publishStartup(STARTED);
    }
    Throwable stopFailure = sup == null ? null : sup.endedStopFailure;
    if (started) {
      try {
        enterMdc();
        actor.onStop(ref, reason);
      } catch (Throwable t) {
        stopFailure = t;
        LOG.warn("actor {} ({}) onStop failed", id, name, t);
      }
    }
    for (Object letter : deadLetters) {
      try {
        enterMdc();
        actor.onDeadLetter(letter);
      } catch (Throwable t) {
        LOG.warn("actor {} ({}) onDeadLetter failed", id, name, t);
      }
    }
    for (ActorCell<?> other : linked == null ? Set.<ActorCell<?>>of() : linked) {
      synchronized (other) {
        if (other.links != null) {
          other.links.remove(this);
        }
      }
      other.signalLinkDied(id, reason);
    }
    failDelegatedAsks(reason); // after onStop, which may still answer them
    LOG.debug("actor {} ({}) stopped: {}", id, name, reason);
    ActorStopped stoppedEvent = new ActorStopped();
    if (stoppedEvent.isEnabled()) {
      stoppedEvent.reason = String.valueOf(reason);
      describe(stoppedEvent).commit();
    }
    if (probe != null) {
      probe.stopped(reason);
    }
    ShutdownResult result = shutdownResult(reason, stopFailure);
    runStopHooks(); // the final stop: before the reference lets go, see ActorInternals
    shutdownOutcome = result;
    release(result);
    thread = null;
    CompletableFuture<ShutdownResult> waiting = shutdownFuture;
    if (waiting != null) {
      waiting.complete(shutdownOutcome);
    }
    if (sup != null) {
      sup.stoppedForGood(id, reason); // last: the supervisor then lets go of this child
    }
  }

  /**
   * Handles, in order, the messages a graceful stop found still queued when it closed the mailbox:
   * their senders were told they were accepted. Removes each handled one from {@code items};
   * returns the reason to stop with (a panic or kill on the way changes it).
   */
  private StopReason handleAccepted(List<Object> items) {
    while (!items.isEmpty()) {
      if (killRequested) {
        return StopReason.KILLED;
      }
      StopReason reason = handle(items.remove(0));
      if (reason != null && !reason.isNormal()) {
        return reason;
      }
    }
    return killRequested ? StopReason.KILLED : StopReason.NORMAL;
  }

  /** Fails every delegated ask that is still unanswered: its reply sender can no longer answer. */
  private void failDelegatedAsks(StopReason reason) {
    Set<AskEnvelope> asks = delegatedAsks;
    if (asks != null) {
      for (AskEnvelope ask : asks) {
        ask.completeExceptionally(new SendException.ActorStopped(id, reason, null));
      }
      delegatedAsks = null;
    }
  }

  /**
   * Drops what a stopped actor no longer needs, so a reference to it costs only its id, name and
   * outcome: the actor's state, its mailbox, and the claim on its instance.
   */
  private void release(ShutdownResult result) {
    RunningInstances.remove(actor);
    actor = null;
    if (context != null) {
      context.envelope = null;
    }
    mailbox = MailboxQueue.CLOSED;
    reader = null;
    lastHandled = null;
    signals = null;
    ref.stopped(result, startupOutcome instanceof StartupFailedException e ? e : null);
  }

  private static final ShutdownResult NORMAL_STOP =
      new ShutdownResult(StopReason.NORMAL, Optional.empty());
  private static final ShutdownResult KILLED_STOP =
      new ShutdownResult(StopReason.KILLED, Optional.empty());

  /** The result of a stop; the common ones are shared, so a stopped actor does not hold its own. */
  private static ShutdownResult shutdownResult(StopReason reason, Throwable stopFailure) {
    if (stopFailure == null && reason == StopReason.NORMAL) {
      return NORMAL_STOP;
    }
    if (stopFailure == null && reason == StopReason.KILLED) {
      return KILLED_STOP;
    }
    return new ShutdownResult(reason, Optional.ofNullable(stopFailure));
  }

  private void publishStartup(Object outcome) {
    startupOutcome = outcome;
    CompletableFuture<Void> waiting = startupFuture;
    if (waiting != null) {
      completeStartup(waiting, outcome);
    }
  }

  private static void completeStartup(CompletableFuture<Void> future, Object outcome) {
    if (outcome instanceof StartupFailedException e) {
      future.completeExceptionally(e);
    } else {
      future.complete(null);
    }
  }

  /** Returns the future of onStart's outcome, made on first use. */
  @SuppressWarnings("unchecked")
  CompletableFuture<Void> startupFuture() {
    CompletableFuture<Void> future = startupFuture;
    if (future == null) {
      STARTUP_FUTURE.compareAndSet(this, null, new CompletableFuture<Void>());
      future = startupFuture;
    }
    Object outcome = startupOutcome;
    if (outcome != null) {
      completeStartup(future, outcome);
    }
    return future;
  }

  /** Returns the future of the actor's end, made on first use. */
  CompletableFuture<ShutdownResult> shutdownFuture() {
    CompletableFuture<ShutdownResult> future = shutdownFuture;
    if (future == null) {
      SHUTDOWN_FUTURE.compareAndSet(this, null, new CompletableFuture<ShutdownResult>());
      future = shutdownFuture;
    }
    ShutdownResult outcome = shutdownOutcome;
    if (outcome != null) {
      future.complete(outcome);
    }
    return future;
  }

  /**
   * Moves every item in {@code queue} into {@code items} and returns it; caller holds the monitor.
   */
  private static List<Object> drainInto(MailboxQueue queue, List<Object> items) {
    for (Object item; (item = queue.poll()) != null; ) {
      items.add(item);
    }
    return items;
  }

  private ArrayDeque<Object> startupBuffer() {
    if (startupBuffer == null) {
      startupBuffer = new ArrayDeque<>();
    }
    return startupBuffer;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static long nanos(Duration timeout, String what) {
    Objects.requireNonNull(timeout, what);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + timeout);
    }
    return timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : timeout.toNanos();
  }

  /**
   * Waits for a lifecycle future of this actor ({@code what}: "startup" or "shutdown"); refuses a
   * wait from the actor's own thread that could never end.
   */
  <T> T await(CompletableFuture<T> future, String what) {
    if (!future.isDone() && isRunnerThread()) {
      throw new IllegalStateException(
          "actor " + id + " cannot wait for its own " + what + " (it would deadlock)");
    }
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SendException.Interrupted.waitingFor(id, what);
    }
  }
}
