package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.Context;
import io.kameo.ControlFlow;
import io.kameo.Message;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.ActorSwarmConfig;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.RemoteSendException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/11-remote-failures.md, run on two nodes on loopback. */
class RemoteFailuresSnippetsTest {
  static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  record Deposit(long amount) implements Message<Account, Void> {}

  record Close() implements Message<Account, Void> {}

  record Balance() implements Message<Account, Long> {}

  record Memo(String text) implements Message<Account, Void> {}

  record Ping() implements Message<Supervisor, Void> {}

  @RemoteActor("docs.failures.Account")
  static final class Account implements Actor<Account> {
    long balance;

    @Handler
    @RemoteMessage("deposit")
    void deposit(Deposit d) {
      balance += d.amount();
    }

    @Handler
    @RemoteMessage("balance")
    long balance(Balance b) {
      return balance;
    }

    @Handler
    @RemoteMessage("close")
    void close(Close c, Context<Account, Void> ctx) {
      ctx.stop();
    }

    @Handler
    @RemoteMessage("memo")
    void memo(Memo m) {}
  }

  final class Supervisor implements Actor<Supervisor> {
    final CompletableFuture<String> heard = new CompletableFuture<>();

    @Handler
    void ping(Ping p) {}

    @Override
    public ControlFlow onLinkDied(ActorRef<Supervisor> self, ActorId id, StopReason reason) {
      heard.complete(
          switch (reason) {
            case StopReason.Normal n -> "remote actor " + id + " stopped";
            case StopReason.Killed k -> "remote actor " + id + " was killed";
            case StopReason.Panicked p -> "remote actor " + id + " failed: " + p.error();
            case StopReason.LinkDied l -> "remote actor " + id + " followed " + l.id();
            case StopReason.PeerDisconnected d -> "lost the node " + d.peer();
          });
      return ControlFlow.CONTINUE; // the default stops this actor too unless the stop was normal
    }
  }

  @Test
  void a_watch_an_acknowledged_tell_and_the_size_limit() throws Exception {
    try (ActorSwarm server = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of());
        ActorSwarm client =
            ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, server.addresses())) {
      server.register(Actor.spawn(new Account()), "account");

      Supervisor watcher = new Supervisor();
      ActorRef<Supervisor> supervisor = Actor.spawn(watcher);
      RemoteActorRef<Account> account = client.lookup("account", Account.class).orElseThrow();
      try {
        account.tellAcknowledged(new Deposit(10), Duration.ofSeconds(2));
      } catch (RemoteSendException e) {
        System.out.println("not delivered: " + e.reason()); // e.g. MAILBOX_FULL, UNKNOWN_ACTOR
      }
      assertEquals(10L, account.ask(new Balance()));

      ActorSwarmConfig config = ActorSwarmConfig.defaults().withMaxMessageSize(1 << 20); // 1 MiB
      ActorSwarm small =
          ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, server.addresses(), config);
      RemoteActorRef<Account> far = small.lookup("account", Account.class).orElseThrow();
      RemoteSendException.Reason refused = null;
      try {
        far.tell(new Memo("x".repeat(2 << 20)));
      } catch (RemoteSendException e) {
        refused = e.reason(); // MESSAGE_TOO_LARGE; e.getMessage() names the size and the limit
      }
      assertEquals(RemoteSendException.Reason.MESSAGE_TOO_LARGE, refused);
      small.close();

      account.watch(supervisor); // link(supervisor) would notify both ways
      account.tell(new Close()); // the remote account stops itself
      assertEquals(
          "remote actor " + account.id() + " stopped", watcher.heard.get(30, TimeUnit.SECONDS));
    }
  }
}
