package io.kameo.examples.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.ProtocolNotSupportedException;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.error.RemoteSendException.Reason;
import io.kameo.test.ActorTestKit;
import io.kameo.test.KameoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Remote actors across real nodes on 127.0.0.1: register, lookup, ask, tell and every failure. */
@ExtendWith(KameoExtension.class)
class RemoteActorsTest {
  static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  record Add(long amount) implements Message<Account, Long> {}

  record Balance() implements Message<Account, Long> {}

  record Fail(String why) implements Message<Account, Long> {}

  record Secret() implements Message<Account, String> {}

  record Slow(long millis) implements Message<Account, String> {}

  record Tags(List<String> tags) implements Message<Account, Integer> {}

  record Echo(long n) implements Message<Account, Long> {}

  @RemoteActor("test.Account")
  static final class Account implements Actor<Account> {
    long balance;

    @Handler
    @RemoteMessage("add")
    long add(Add m) {
      return balance += m.amount();
    }

    @Handler
    @RemoteMessage("balance")
    long balance(Balance m) {
      return balance;
    }

    @Handler
    @RemoteMessage("fail")
    long fail(Fail m) {
      throw new IllegalStateException(m.why());
    }

    @Handler // not remote
    String secret(Secret m) {
      return "local only";
    }

    @Handler
    @RemoteMessage("slow")
    String slow(Slow m) throws InterruptedException {
      Thread.sleep(m.millis());
      return "done";
    }

    @Handler
    @RemoteMessage("echo")
    long echo(Echo m) {
      return m.n();
    }

    @Handler
    @RemoteMessage("tags")
    int tags(Tags m) {
      return m.tags().size();
    }
  }

  record Ping() implements Message<Other, String> {}

  @RemoteActor("test.Other")
  static final class Other implements Actor<Other> {
    @Handler
    @RemoteMessage("ping")
    String ping(Ping m) {
      return "pong";
    }
  }

  record Hello() implements Message<NotRemote, String> {}

  static final class NotRemote implements Actor<NotRemote> {
    @Handler
    String hello(Hello m) {
      return "hi";
    }
  }

  final List<ActorSwarm> nodes = new ArrayList<>();

  ActorSwarm node(ActorSwarm... bootstrap) {
    List<Multiaddr> peers = new ArrayList<>();
    for (ActorSwarm b : bootstrap) {
      peers.addAll(b.addresses());
    }
    ActorSwarm node = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, peers);
    nodes.add(node);
    return node;
  }

  @AfterEach
  void closeAll() {
    nodes.forEach(ActorSwarm::close);
  }

  @Test
  void ask_and_tell_reach_an_actor_registered_on_another_node_in_order() {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    a.register(Actor.spawn(new Account()), "alice");
    RemoteActorRef<Account> alice = b.lookup("alice", Account.class).orElseThrow();
    assertEquals(a.peerId(), alice.peer());
    for (int i = 0; i < 50; i++) {
      alice.tell(new Add(1));
    }
    assertEquals(50L, alice.ask(new Balance()), "tells arrive before a later ask");
    assertEquals(60L, alice.ask(new Add(10)));
    assertEquals(3, alice.ask(new Tags(List.of("x", "y", "z"))));
  }

  @Test
  void many_concurrent_asks_on_one_connection_each_get_their_own_reply() throws Exception {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    a.register(Actor.spawn(new Account()), "echo");
    RemoteActorRef<Account> echo = b.lookup("echo", Account.class).orElseThrow();
    List<Thread> askers = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong wrong = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    for (int t = 0; t < 32; t++) {
      long base = t * 1_000_000L;
      askers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (long i = 0; i < 100; i++) {
                      if (echo.ask(new Echo(base + i)) != base + i) {
                        wrong.incrementAndGet();
                      }
                      done.incrementAndGet();
                    }
                  }));
    }
    for (Thread t : askers) {
      t.join();
    }
    assertEquals(0, wrong.get(), "replies matched to the wrong request");
    assertEquals(3200, done.get());
  }

  @Test
  void a_name_looked_up_on_its_own_node_is_asked_in_process() {
    ActorSwarm a = node();
    a.register(Actor.spawn(new Account()), "home");
    RemoteActorRef<Account> home = a.lookup("home", Account.class).orElseThrow();
    assertEquals(a.peerId(), home.peer());
    home.tell(new Add(2));
    assertEquals(5L, home.ask(new Add(3)));
    RemoteSendException e = assertThrows(RemoteSendException.class, () -> home.ask(new Fail("x")));
    assertEquals(Reason.HANDLER_FAILED, e.reason());
  }

  @Test
  void a_name_registered_on_one_node_is_found_from_a_node_that_never_met_it() {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    ActorSwarm c = node(b); // knows only b
    a.register(Actor.spawn(new Account()), "far");
    RemoteActorRef<Account> far = c.lookup("far", Account.class).orElseThrow();
    assertEquals(5L, far.ask(new Add(5)));
  }

  @Test
  void an_unknown_name_is_empty_and_a_name_of_another_type_is_refused() {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    assertEquals(Optional.empty(), b.lookup("nobody", Account.class));
    a.register(Actor.spawn(new Other()), "other");
    RemoteSendException e =
        assertThrows(RemoteSendException.class, () -> b.lookup("other", Account.class));
    assertEquals(Reason.BAD_ACTOR_TYPE, e.reason());
    assertEquals("pong", b.lookup("other", Other.class).orElseThrow().ask(new Ping()));
  }

  @Test
  void a_failing_handler_is_reported_to_the_asker_and_the_actor_then_is_gone(ActorTestKit kit) {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    ActorRef<Account> local = kit.spawn(new Account());
    a.register(local, "fragile");
    RemoteActorRef<Account> fragile = b.lookup("fragile", Account.class).orElseThrow();
    RemoteSendException e =
        assertThrows(RemoteSendException.class, () -> fragile.ask(new Fail("boom")));
    assertEquals(Reason.HANDLER_FAILED, e.reason());
    assertTrue(e.getMessage().contains("boom"), e.getMessage());
    kit.expectStopped(local, StopReason.Panicked.class); // a panic stops the actor by default
    RemoteSendException gone =
        assertThrows(RemoteSendException.class, () -> fragile.ask(new Balance()));
    assertTrue(
        gone.reason() == Reason.UNKNOWN_ACTOR || gone.reason() == Reason.ACTOR_NOT_RUNNING,
        gone.reason().toString());
  }

  @Test
  void a_stopped_actor_is_reported_unknown_to_an_acknowledged_tell(ActorTestKit kit) {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    ActorRef<Account> local = kit.spawn(new Account());
    a.register(local, "short-lived");
    RemoteActorRef<Account> ref = b.lookup("short-lived", Account.class).orElseThrow();
    local.stopGracefully();
    kit.expectStopped(local, StopReason.Normal.class);
    RemoteSendException e =
        assertThrows(RemoteSendException.class, () -> ref.tellAcknowledged(new Add(1)));
    assertTrue(
        e.reason() == Reason.UNKNOWN_ACTOR || e.reason() == Reason.ACTOR_NOT_RUNNING,
        e.reason().toString());
  }

  @Test
  void a_message_without_a_remote_handler_is_refused_before_it_is_sent() {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    a.register(Actor.spawn(new Account()), "acct");
    RemoteActorRef<Account> ref = b.lookup("acct", Account.class).orElseThrow();
    RemoteSendException e = assertThrows(RemoteSendException.class, () -> ref.ask(new Secret()));
    assertEquals(Reason.UNKNOWN_MESSAGE, e.reason());
  }

  @Test
  void only_remote_actors_can_be_registered_or_looked_up() {
    ActorSwarm a = node();
    assertThrows(
        IllegalArgumentException.class, () -> a.register(Actor.spawn(new NotRemote()), "x"));
    assertThrows(IllegalArgumentException.class, () -> a.lookup("x", NotRemote.class));
  }

  @Test
  void an_ask_to_a_dead_node_fails_within_its_timeout_instead_of_hanging() {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    a.register(Actor.spawn(new Account()), "doomed");
    RemoteActorRef<Account> ref = b.lookup("doomed", Account.class).orElseThrow();
    a.close();
    RemoteException e =
        assertThrows(RemoteException.class, () -> ref.ask(new Balance(), Duration.ofSeconds(5)));
    assertInstanceOf(RemoteException.class, e);
  }

  @Test
  void garbage_on_the_actor_protocol_resets_that_stream_and_the_node_keeps_serving() {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    a.register(Actor.spawn(new Account()), "sturdy");
    RemoteActorRef<Account> ref = b.lookup("sturdy", Account.class).orElseThrow();
    // a node of the previous wire version is refused at negotiation, before any payload
    assertThrows(
        ProtocolNotSupportedException.class,
        () -> b.host().newStream(a.peerId(), "/kameo/actor/2.0.0"));
    try (Stream s = b.host().newStream(a.peerId(), "/kameo/actor/3.0.0")) {
      s.write(new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      assertThrows(StreamResetException.class, () -> s.readAll(1024, Duration.ofSeconds(10)));
    }
    assertEquals(1L, ref.ask(new Add(1)));
  }

  @Test
  void a_slow_reply_times_out_at_the_askers_timeout() {
    ActorSwarm a = node();
    ActorSwarm b = node(a);
    a.register(Actor.spawn(new Account()), "slow");
    RemoteActorRef<Account> ref = b.lookup("slow", Account.class).orElseThrow();
    assertThrows(RemoteException.class, () -> ref.ask(new Slow(3000), Duration.ofMillis(300)));
    assertEquals("done", ref.ask(new Slow(10)));
  }
}
