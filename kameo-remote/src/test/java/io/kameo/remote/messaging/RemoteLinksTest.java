package io.kameo.remote.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.ControlFlow;
import io.kameo.Message;
import io.kameo.PanicSource;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.testing.ChildJvm;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.RemotePanicException;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.messaging.RemoteNode.Boom;
import io.kameo.remote.messaging.RemoteNode.Deaths;
import io.kameo.remote.messaging.RemoteNode.Quit;
import io.kameo.remote.messaging.RemoteNode.Slow;
import io.kameo.remote.messaging.RemoteNode.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Links and watches across nodes, the remote node in a separate JVM on 127.0.0.1: a remote stop,
 * panic, kill -9 or frozen node reaches the local actor's {@code onLinkDied} with the reason.
 */
class RemoteLinksTest {
  static {
    RemoteNode.openToJackson();
  }

  static final Duration WAIT = Duration.ofSeconds(30);

  /** Nothing; a watcher needs one handler. */
  record Ping() implements Message<Watcher, Long> {}

  /** A local actor that records its link deaths and keeps running. */
  static final class Watcher implements Actor<Watcher> {
    final LinkedBlockingQueue<String> ids = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<StopReason> reasons = new LinkedBlockingQueue<>();

    @Handler
    long ping(Ping p) {
      return 0;
    }

    @Override
    public ControlFlow onLinkDied(ActorRef<Watcher> self, ActorId id, StopReason reason) {
      ids.add(id.toString());
      reasons.add(reason);
      return ControlFlow.CONTINUE;
    }

    StopReason next() throws InterruptedException {
      StopReason r = reasons.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(r != null, "no link death within " + WAIT);
      return r;
    }
  }

  private ChildJvm child;
  private ActorSwarm swarm;
  private int spawned;

  @BeforeEach
  void start() {
    child = ChildJvm.start("remote-node", RemoteNode.class);
    Multiaddr address = Multiaddr.parse(child.awaitPrefixed("ready ", WAIT));
    swarm =
        ActorSwarm.bootstrap(
            Keypair.generate(), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), List.of(address));
  }

  @AfterEach
  void stop() {
    swarm.close();
    child.close();
  }

  /** Registers a fresh worker on the child and returns a reference to it. */
  RemoteActorRef<Worker> freshWorker() {
    String name = "w" + ++spawned;
    child.send("spawn " + name);
    child.awaitLine(("spawned " + name)::equals, WAIT);
    return swarm.lookup(name, Worker.class).orElseThrow();
  }

  @Test
  void unlink_cancels_a_watch_of_an_actor_on_the_same_node() throws Exception {
    ActorRef<Worker> worker = Actor.spawn(new Worker());
    swarm.register(worker, "local-worker");
    RemoteActorRef<Worker> sameNode = swarm.lookup("local-worker", Worker.class).orElseThrow();
    Watcher cancelled = new Watcher();
    ActorRef<Watcher> cancelledRef = Actor.spawn(cancelled);
    Watcher kept = new Watcher();
    ActorRef<Watcher> keptRef = Actor.spawn(kept);
    sameNode.watch(cancelledRef);
    sameNode.watch(keptRef);
    sameNode.unlink(cancelledRef);
    worker.stopGracefully();
    assertEquals(StopReason.NORMAL, kept.next());
    assertEquals(null, cancelled.reasons.poll(1, TimeUnit.SECONDS), "the cancelled watch fired");
    assertTrue(cancelledRef.isAlive());
  }

  @Test
  void a_linked_actor_hears_a_remote_actor_stop_normally() throws Exception {
    Watcher watcher = new Watcher();
    ActorRef<Watcher> local = Actor.spawn(watcher);
    RemoteActorRef<Worker> remote = freshWorker();
    remote.link(local);
    remote.ask(new Quit(), WAIT);
    assertEquals(StopReason.NORMAL, watcher.next());
    assertEquals(remote.id().toString(), watcher.ids.poll());
    assertTrue(local.isAlive());
  }

  @Test
  void a_linked_actor_hears_a_remote_panic_with_the_remote_error() throws Exception {
    Watcher watcher = new Watcher();
    ActorRef<Watcher> local = Actor.spawn(watcher);
    RemoteActorRef<Worker> remote = freshWorker();
    remote.link(local);
    remote.tell(new Boom());
    StopReason.Panicked p = assertInstanceOf(StopReason.Panicked.class, watcher.next());
    assertEquals(PanicSource.HANDLER, p.source());
    RemotePanicException e = assertInstanceOf(RemotePanicException.class, p.error());
    assertTrue(e.remoteError().contains("IllegalStateException: boom"), e.remoteError());
  }

  @Test
  void a_node_killed_with_sigkill_reaches_links_and_fails_pending_asks_at_once() throws Exception {
    Watcher watcher = new Watcher();
    ActorRef<Watcher> local = Actor.spawn(watcher);
    RemoteActorRef<Worker> remote = swarm.lookup("worker", Worker.class).orElseThrow();
    remote.link(local);
    CompletableFuture<Long> pending =
        CompletableFuture.supplyAsync(() -> remote.ask(new Slow(60_000), WAIT));
    swarm
        .lookup("recorder", RemoteNode.Recorder.class)
        .orElseThrow()
        .ask(new RemoteNode.Summary(), WAIT); // a round trip: the slow ask went out before it
    child.kill();
    StopReason.PeerDisconnected lost =
        assertInstanceOf(StopReason.PeerDisconnected.class, watcher.next());
    assertEquals(remote.peer().toString(), lost.peer());
    // "at once": long before the ask's own 30 s timeout
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
    assertInstanceOf(RemoteException.class, failed.getCause());
    assertFalse(failed.getCause() instanceof RemoteTimeoutException, failed.getCause().toString());
  }

  @Test
  void a_frozen_node_is_reported_disconnected_by_the_failure_detector() throws Exception {
    Watcher watcher = new Watcher();
    ActorRef<Watcher> local = Actor.spawn(watcher);
    RemoteActorRef<Worker> remote = swarm.lookup("worker", Worker.class).orElseThrow();
    remote.link(local);
    PeerId peer = remote.peer();
    HostConfig host = swarm.host().config();
    Duration bound = host.acceptableHeartbeatPause().plus(host.heartbeatInterval());
    child.freeze(); // SIGSTOP: the node neither answers nor closes its connection
    try {
      long start = System.nanoTime();
      StopReason.PeerDisconnected lost =
          assertInstanceOf(StopReason.PeerDisconnected.class, watcher.next());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(peer.toString(), lost.peer());
      // the host's documented bound for a silent peer, plus slack for a loaded machine
      assertTrue(took.compareTo(bound.plusSeconds(10)) < 0, "noticed after " + took);
    } finally {
      child.thaw();
    }
  }

  @Test
  void a_local_actor_stop_reaches_the_remote_linked_actor_but_not_a_watched_one() {
    RemoteActorRef<Worker> remote = freshWorker();
    ActorRef<Watcher> watching = Actor.spawn(new Watcher());
    ActorRef<Watcher> linked = Actor.spawn(new Watcher());
    remote.watch(watching);
    remote.link(linked);
    watching.kill();
    watching.waitForShutdown();
    linked.kill();
    Awaitility.await().atMost(WAIT).until(() -> !remote.ask(new Deaths(), WAIT).isEmpty());
    // the remote node names the linked actor by its id there: with this node's peer id
    assertEquals(
        List.of(ActorId.of(linked.id().sequence(), swarm.peerId().toString()) + " Killed"),
        remote.ask(new Deaths(), WAIT));
  }

  @Test
  void a_link_through_a_ref_from_before_a_restart_is_refused_as_stale() {
    String seed = "5a".repeat(32);
    try (ChildJvm before = ChildJvm.start("before-restart", RemoteNode.class, "-", seed);
        ActorSwarm asker =
            ActorSwarm.bootstrap(
                Keypair.generate(),
                Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                List.of(Multiaddr.parse(before.awaitPrefixed("ready ", WAIT))))) {
      RemoteActorRef<Worker> old = asker.lookup("worker", Worker.class).orElseThrow();
      before.kill();
      try (ChildJvm after = ChildJvm.start("after-restart", RemoteNode.class, "-", seed)) {
        Multiaddr address = Multiaddr.parse(after.awaitPrefixed("ready ", WAIT));
        assertEquals(old.peer(), address.peerId().orElseThrow(), "the same key, the same peer");
        asker.host().addAddress(old.peer(), address.decapsulate(Multiaddr.Protocol.P2P));
        ActorRef<Watcher> local = Actor.spawn(new Watcher());
        // the restarted node has a worker with the same actor id: the link must not reach it
        // the dead node's address may be dialed first: a network error, not an answer
        RemoteSendException stale =
            Awaitility.await()
                .atMost(WAIT)
                .ignoreExceptionsMatching(
                    e -> e instanceof RemoteException && !(e instanceof RemoteSendException))
                .until(() -> linkRefusal(old, local), java.util.Objects::nonNull);
        assertEquals(RemoteSendException.Reason.STALE_REF, stale.reason(), stale.getMessage());
      }
    }
  }

  /** Links and returns why the link was refused; fails the test if it was not. */
  static RemoteSendException linkRefusal(RemoteActorRef<Worker> ref, ActorRef<Watcher> local) {
    try {
      ref.link(local);
    } catch (RemoteSendException e) {
      return e;
    }
    throw new AssertionError("the link through " + ref + " was made");
  }

  @Test
  void an_unlinked_actor_hears_nothing_and_a_link_to_a_gone_actor_is_refused() throws Exception {
    Watcher unlinked = new Watcher();
    Watcher linked = new Watcher();
    ActorRef<Watcher> a = Actor.spawn(unlinked);
    ActorRef<Watcher> b = Actor.spawn(linked);
    RemoteActorRef<Worker> remote = freshWorker();
    remote.link(a);
    remote.link(b);
    remote.unlink(a);
    remote.ask(new Quit(), WAIT);
    assertEquals(StopReason.NORMAL, linked.next());
    assertTrue(unlinked.reasons.isEmpty(), "unlinked, yet told: " + unlinked.reasons);
    RemoteSendException gone = assertThrows(RemoteSendException.class, () -> remote.link(a));
    assertEquals(RemoteSendException.Reason.UNKNOWN_ACTOR, gone.reason(), gone.getMessage());
  }
}
