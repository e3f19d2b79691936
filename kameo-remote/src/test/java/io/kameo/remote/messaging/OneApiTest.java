package io.kameo.remote.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.Recipient;
import io.kameo.ReplyRecipient;
import io.kameo.SendException;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.testing.ChildJvm;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.error.RemoteSendException.Reason;
import io.kameo.remote.messaging.RemoteNode.Block;
import io.kameo.remote.messaging.RemoteNode.Echo;
import io.kameo.remote.messaging.RemoteNode.Gate;
import io.kameo.remote.messaging.RemoteNode.Hit;
import io.kameo.remote.messaging.RemoteNode.Quit;
import io.kameo.remote.messaging.RemoteNode.Slow;
import io.kameo.remote.messaging.RemoteNode.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Local and remote references through one API: the same component against a local actor and one in
 * a separate JVM ({@link RemoteNode}); {@code askAsync}, request timeouts and errors that hand the
 * message back.
 */
class OneApiTest {
  static {
    RemoteNode.openToJackson();
  }

  static final Duration WAIT = Duration.ofSeconds(30);

  private ChildJvm child;
  private ActorSwarm swarm;

  @BeforeEach
  void connect() {
    child = ChildJvm.start("one-api-node", RemoteNode.class);
    Multiaddr address = Multiaddr.parse(child.awaitPrefixed("ready ", WAIT));
    swarm =
        ActorSwarm.bootstrap(
            Keypair.generate(), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), List.of(address));
  }

  @AfterEach
  void close() {
    swarm.close();
    child.close();
  }

  /**
   * A component written against the one API: it sums echoes, one blocking ask and the rest as async
   * asks, and hands back what could not be delivered. It cannot tell where its actor lives.
   */
  static final class EchoSummer {
    private final ReplyRecipient<Echo, Long> echo;

    EchoSummer(ReplyRecipient<Echo, Long> echo) {
      this.echo = echo;
    }

    long sum(long first, long... rest) {
      long total = echo.ask(new Echo(first));
      List<CompletableFuture<Long>> replies = new ArrayList<>();
      for (long n : rest) {
        replies.add(echo.askAsync(new Echo(n)));
      }
      for (CompletableFuture<Long> r : replies) {
        total += r.join();
      }
      return total;
    }

    /** Tries to deliver; returns the message handed back if it was not. */
    Optional<Object> tryDeliver(Echo message) {
      try {
        echo.ask(message);
        return Optional.empty();
      } catch (SendException e) {
        return e.message();
      } catch (RemoteSendException e) {
        return e.message();
      }
    }
  }

  /** Counts hits through a plain recipient. */
  static int tellAll(Recipient<Hit> hits, int n) {
    int sent = 0;
    for (int i = 0; i < n; i++) {
      hits.tell(new Hit());
      sent++;
    }
    return sent;
  }

  @Test
  void the_same_component_runs_against_a_local_and_a_remote_actor() {
    ActorRef<Worker> local = Actor.spawn(new Worker());
    RemoteActorRef<Worker> remote = swarm.lookup("worker", Worker.class).orElseThrow();

    EchoSummer onLocal = new EchoSummer(local.<Echo, Long>replyRecipient());
    EchoSummer onRemote = new EchoSummer(remote.<Echo, Long>replyRecipient());
    assertEquals(10, onLocal.sum(1, 2, 3, 4));
    assertEquals(10, onRemote.sum(1, 2, 3, 4));

    RemoteActorRef<Gate> gate = swarm.lookup("gate", Gate.class).orElseThrow();
    assertEquals(3, tellAll(gate.<Hit>recipient(), 3));
    assertEquals(3L, gate.ask(new RemoteNode.Count()));

    // both hand back what a stopped actor did not take
    local.stopGracefully();
    local.waitForShutdown();
    Echo lost = new Echo(5);
    assertEquals(Optional.of(lost), onLocal.tryDeliver(lost));
    remote.ask(new Quit());
    Echo lostRemotely = new Echo(6);
    assertEquals(Optional.of(lostRemotely), onRemote.tryDeliver(lostRemotely));
    assertFalse(remote.replyRecipient().isAlive(), "a refused message marks the actor gone");
  }

  @Test
  void a_remote_actor_id_names_its_node_and_never_equals_a_local_id() {
    RemoteActorRef<Worker> remote = swarm.lookup("worker", Worker.class).orElseThrow();
    ActorId id = remote.id();
    assertEquals(Optional.of(remote.peer().toString()), id.node());
    assertNotEquals(ActorId.of(id.sequence()), id);
    assertEquals(id, remote.recipient().id());
    assertTrue(remote.isAlive());
  }

  @Test
  void ask_async_completes_with_the_reply_or_the_remote_reason_handing_the_message_back()
      throws Exception {
    RemoteActorRef<Worker> remote = swarm.lookup("worker", Worker.class).orElseThrow();
    assertEquals(42L, remote.askAsync(new Echo(42)).get(30, TimeUnit.SECONDS));
    assertEquals(9L, remote.request(new Echo(9)).trySend().get(30, TimeUnit.SECONDS));

    child.send("spawn doomed");
    child.awaitLine("spawned doomed"::equals, WAIT);
    RemoteActorRef<Worker> doomed = swarm.lookup("doomed", Worker.class).orElseThrow();
    doomed.ask(new Quit());
    Echo message = new Echo(7);
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> doomed.askAsync(message).get(30, TimeUnit.SECONDS));
    RemoteSendException refused = assertInstanceOf(RemoteSendException.class, e.getCause());
    assertTrue(
        refused.reason() == Reason.UNKNOWN_ACTOR || refused.reason() == Reason.ACTOR_NOT_RUNNING,
        refused.toString());
    assertEquals(Optional.of(message), refused.message());
  }

  @Test
  void a_request_reply_timeout_is_answered_by_the_remote_node_within_its_bound() {
    RemoteActorRef<Worker> remote = swarm.lookup("worker", Worker.class).orElseThrow();
    long start = System.nanoTime();
    RemoteSendException e =
        assertThrows(
            RemoteSendException.class,
            () -> remote.request(new Slow(3_000)).replyTimeout(Duration.ofMillis(300)).send());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(Reason.REPLY_TIMEOUT, e.reason());
    assertEquals(Optional.empty(), e.message(), "the actor took it: nothing to hand back");
    assertTrue(took.compareTo(Duration.ofMillis(300 + 2_500)) < 0, "took " + took);
    // the async form of the same request fails the same way
    ExecutionException async =
        assertThrows(
            ExecutionException.class,
            () ->
                remote
                    .request(new Slow(3_000))
                    .replyTimeout(Duration.ofMillis(300))
                    .sendAsync()
                    .get(30, TimeUnit.SECONDS));
    assertEquals(Reason.REPLY_TIMEOUT, ((RemoteSendException) async.getCause()).reason());
  }

  @Test
  void a_try_send_to_an_actor_without_room_fails_at_once_handing_the_message_back()
      throws Exception {
    RemoteActorRef<Gate> gate = swarm.lookup("gate", Gate.class).orElseThrow();
    gate.tell(new Block());
    while (gate.tryTell(new Hit())) {
      // fill this node's messages in flight to the gate
    }
    RemoteNode.Count count = new RemoteNode.Count();
    CompletableFuture<Long> tried = gate.request(count).trySend();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> tried.get(30, TimeUnit.SECONDS));
    RemoteSendException full = assertInstanceOf(RemoteSendException.class, e.getCause());
    assertEquals(Reason.MAILBOX_FULL, full.reason());
    assertEquals(Optional.of(count), full.message());
    child.send("release");
  }

  @Test
  void an_async_ask_to_a_node_killed_meanwhile_fails_instead_of_hanging() {
    RemoteActorRef<Worker> remote = swarm.lookup("worker", Worker.class).orElseThrow();
    assertEquals(1L, remote.ask(new Echo(1)));
    CompletableFuture<Long> pending =
        remote.request(new Slow(20_000)).replyTimeout(Duration.ofSeconds(20)).sendAsync();
    child.kill();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> pending.get(30, TimeUnit.SECONDS));
    assertInstanceOf(RemoteException.class, e.getCause());
  }
}
