package io.kameo.remote.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.testing.ChildJvm;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.ActorSwarmConfig;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.error.RemoteSendException.Reason;
import io.kameo.remote.internal.actor.ActorChannel;
import io.kameo.remote.messaging.RemoteNode.Big;
import io.kameo.remote.messaging.RemoteNode.Block;
import io.kameo.remote.messaging.RemoteNode.Carry;
import io.kameo.remote.messaging.RemoteNode.Count;
import io.kameo.remote.messaging.RemoteNode.Echo;
import io.kameo.remote.messaging.RemoteNode.Gate;
import io.kameo.remote.messaging.RemoteNode.Hit;
import io.kameo.remote.messaging.RemoteNode.Recorder;
import io.kameo.remote.messaging.RemoteNode.Slow;
import io.kameo.remote.messaging.RemoteNode.Summary;
import io.kameo.remote.messaging.RemoteNode.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Remote messaging against a node in a separate JVM on 127.0.0.1 ({@link RemoteNode}): per-actor
 * backpressure, pipelined tells and their order, acknowledged tells, size limits.
 */
class RemoteMessagingTest {
  static {
    RemoteNode.openToJackson();
  }

  static final Duration WAIT = Duration.ofSeconds(30);
  static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  /** Starts a child node and a local swarm that knows it. */
  ActorSwarm connect(ActorSwarmConfig config, String... childArgs) {
    ChildJvm child = ChildJvm.start("remote-node", RemoteNode.class, childArgs);
    open.add(child);
    Multiaddr address = Multiaddr.parse(child.awaitPrefixed("ready ", WAIT));
    ActorSwarm swarm = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of(address), config);
    open.add(swarm);
    lastChild = child;
    return swarm;
  }

  ChildJvm lastChild;

  @Test
  void one_full_mailbox_does_not_stall_asks_to_other_actors() {
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Gate> gate = swarm.lookup("gate", Gate.class).orElseThrow();
    RemoteActorRef<Worker> worker = swarm.lookup("worker", Worker.class).orElseThrow();
    gate.tell(new Block()); // its handler waits; its bounded(1) mailbox then fills
    int sent = 0;
    while (gate.tryTell(new Hit())) { // until this node's messages in flight to it are at the limit
      sent++;
      assertTrue(sent <= ActorChannel.WINDOW + 2, "tryTell never pushed back: " + sent);
    }
    assertEquals(7L, worker.ask(new Echo(7), Duration.ofSeconds(5)), "another actor answers");
    // the full actor's senders are pushed back with MAILBOX_FULL, not a reply timeout
    RemoteSendException full =
        assertThrows(
            RemoteSendException.class,
            () -> gate.tellAcknowledged(new Hit(), Duration.ofMillis(300)));
    assertEquals(Reason.MAILBOX_FULL, full.reason(), full.getMessage());
    lastChild.send("release");
    assertEquals((long) sent, gate.ask(new Count(), WAIT), "no tell was lost");
  }

  @Test
  void large_messages_to_a_full_mailbox_are_held_back_by_the_byte_window() {
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Gate> gate = swarm.lookup("gate", Gate.class).orElseThrow();
    gate.tell(new Block());
    String mebibyte = "m".repeat(1 << 20);
    int sent = 0;
    while (gate.tryTell(new RemoteNode.HeavyHit(mebibyte))) {
      sent++;
      assertTrue(sent <= ActorChannel.WINDOW, "tryTell never pushed back: " + sent);
    }
    // 8 MiB of credit in flight, plus what the mailbox and the blocked handler took
    int window = ActorChannel.WINDOW_BYTES >> 20;
    assertTrue(sent >= window - 1 && sent <= window + 2, "sent " + sent + " MiB before pushback");
    lastChild.send("release");
    assertEquals((long) sent, gate.ask(new Count(), WAIT), "no message was lost");
  }

  @Test
  void a_remote_mailbox_timeout_is_reported_as_mailbox_full() {
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Gate> gate = swarm.lookup("strict-gate", Gate.class).orElseThrow();
    gate.tellAcknowledged(new Block()); // handler held up
    gate.tellAcknowledged(new Hit()); // fills the bounded(1) mailbox
    // the node waits its 200 ms mailbox timeout for room, then answers
    RemoteSendException e =
        assertThrows(RemoteSendException.class, () -> gate.ask(new Count(), WAIT));
    assertEquals(Reason.MAILBOX_FULL, e.reason(), e.getMessage());
    lastChild.send("release");
  }

  @Test
  void a_sender_waiting_for_credit_learns_at_once_that_the_node_died() throws Exception {
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Gate> gate = swarm.lookup("gate", Gate.class).orElseThrow();
    gate.tell(new Block());
    int sent = 0;
    while (gate.tryTell(new Hit())) { // until the credits for the stuck gate are used up
      sent++;
      assertTrue(sent <= ActorChannel.WINDOW + 2, "tryTell never pushed back: " + sent);
    }
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(() -> gate.tell(new Hit(), Duration.ofMinutes(2)));
    lastChild.kill();
    // long before the two minutes this tell may wait for credit
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> waiting.get(20, TimeUnit.SECONDS));
    assertInstanceOf(RemoteException.class, failed.getCause(), failed.getCause().toString());
    assertFalse(failed.getCause() instanceof RemoteTimeoutException, failed.getCause().toString());
  }

  @Test
  void a_tell_returns_without_waiting_for_the_remote_mailbox() {
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Gate> gate = swarm.lookup("gate", Gate.class).orElseThrow();
    gate.tell(new Block());
    // the remote handler is held up and its mailbox holds one message: each of these tells would
    // wait for that mailbox if a tell were a round trip
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          for (int i = 0; i < 20; i++) {
            gate.tell(new Hit());
          }
        });
    lastChild.send("release");
    assertEquals(20L, gate.ask(new Count(), WAIT));
  }

  @Test
  void tells_and_asks_from_each_sender_arrive_in_order() throws Exception {
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Recorder> recorder = swarm.lookup("recorder", Recorder.class).orElseThrow();
    int senders = 4;
    int each = 5_000;
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      CompletableFuture<Void> f = new CompletableFuture<>();
      done.add(f);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  for (long seq = 0; seq < each; seq++) {
                    RemoteNode.Record r = new RemoteNode.Record(sender, seq);
                    if (seq % 1000 == 999) {
                      recorder.ask(r, WAIT); // an ask among the tells keeps its place
                    } else {
                      recorder.tell(r);
                    }
                  }
                  f.complete(null);
                } catch (Throwable t) {
                  f.completeExceptionally(t);
                }
              });
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
    assertEquals(senders * each + " 0", recorder.ask(new Summary(), WAIT));
  }

  @Test
  void tells_to_a_small_mailbox_keep_their_order_while_it_fills_and_drains() throws Exception {
    // a mailbox of 4: the receiver puts some tells straight into it and holds the others back
    // while it is full; the two ways must not reorder one sender's tells
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Recorder> recorder =
        swarm.lookup("bounded-recorder", Recorder.class).orElseThrow();
    int senders = 3;
    int each = 20_000;
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (long seq = 0; seq < each; seq++) {
                        recorder.tell(new RemoteNode.Record(sender, seq));
                      }
                    } catch (Throwable t) {
                      errors.add(t);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(errors.isEmpty(), errors.toString());
    assertEquals(senders * each + " 0", recorder.ask(new Summary(), WAIT));
  }

  @Test
  void an_oversized_message_is_refused_before_it_is_written_and_other_asks_complete()
      throws Exception {
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Worker> worker = swarm.lookup("worker", Worker.class).orElseThrow();
    RemoteActorRef<Recorder> recorder = swarm.lookup("recorder", Recorder.class).orElseThrow();
    List<CompletableFuture<Long>> inFlight = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inFlight.add(CompletableFuture.supplyAsync(() -> worker.ask(new Slow(300), WAIT)));
    }
    String big = "y".repeat(20 << 20);
    RemoteSendException e =
        assertThrows(RemoteSendException.class, () -> worker.ask(new Carry(big), WAIT));
    assertEquals(Reason.MESSAGE_TOO_LARGE, e.reason());
    java.util.regex.Matcher size =
        java.util.regex.Pattern.compile("is (\\d+) bytes").matcher(e.getMessage());
    assertTrue(size.find() && Long.parseLong(size.group(1)) > 20 << 20, e.getMessage());
    assertTrue(e.getMessage().contains(ActorSwarmConfig.DEFAULT_MAX_MESSAGE_SIZE + " bytes"));
    for (CompletableFuture<Long> f : inFlight) {
      assertEquals(300L, f.get());
    }
    assertEquals("0 0", recorder.ask(new Summary(), WAIT));
  }

  @Test
  void an_oversized_reply_fails_only_its_own_ask_naming_its_size() throws Exception {
    ActorSwarm swarm = connect(ActorSwarmConfig.defaults());
    RemoteActorRef<Worker> worker = swarm.lookup("worker", Worker.class).orElseThrow();
    List<CompletableFuture<Long>> inFlight = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inFlight.add(CompletableFuture.supplyAsync(() -> worker.ask(new Slow(300), WAIT)));
    }
    RemoteSendException e =
        assertThrows(RemoteSendException.class, () -> worker.ask(new Big(20 << 20), WAIT));
    assertEquals(Reason.MESSAGE_TOO_LARGE, e.reason());
    // the serialized reply's size: the 20 MiB string plus its CBOR framing
    java.util.regex.Matcher size =
        java.util.regex.Pattern.compile("reply of (\\d+) bytes is above the limit of (\\d+)")
            .matcher(e.getMessage());
    assertTrue(size.find(), e.getMessage());
    assertTrue(Long.parseLong(size.group(1)) > 20 << 20, e.getMessage());
    assertEquals(ActorSwarmConfig.DEFAULT_MAX_MESSAGE_SIZE, Integer.parseInt(size.group(2)));
    for (CompletableFuture<Long> f : inFlight) {
      assertEquals(300L, f.get());
    }
    assertEquals(3L, worker.ask(new Echo(3), WAIT));
  }

  @Test
  void a_receiver_with_a_smaller_limit_refuses_an_oversized_message_and_keeps_serving() {
    // this node sends up to 64 MiB; the child takes 1 MiB
    ActorSwarm swarm =
        connect(ActorSwarmConfig.defaults().withMaxMessageSize(64 << 20), String.valueOf(1 << 20));
    RemoteActorRef<Worker> worker = swarm.lookup("worker", Worker.class).orElseThrow();
    RemoteSendException e =
        assertThrows(
            RemoteSendException.class, () -> worker.ask(new Carry("z".repeat(2 << 20)), WAIT));
    assertEquals(Reason.MESSAGE_TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("limit of " + (1 << 20)), e.getMessage());
    assertEquals(5L, worker.ask(new Echo(5), WAIT));
    assertFalse(e.getMessage().isEmpty());
  }
}
