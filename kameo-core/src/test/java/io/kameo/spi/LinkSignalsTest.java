package io.kameo.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.ControlFlow;
import io.kameo.Message;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A link signal from another node runs the actor's onLinkDied like a local link's. */
class LinkSignalsTest {

  record Ping() implements Message<Watcher, String> {}

  static final class Watcher implements Actor<Watcher> {
    final CompletableFuture<String> heard = new CompletableFuture<>();

    @Handler
    String ping(Ping p) {
      return "pong";
    }

    @Override
    public ControlFlow onLinkDied(ActorRef<Watcher> self, ActorId id, StopReason reason)
        throws Exception {
      heard.complete(id + " " + reason);
      return Actor.super.onLinkDied(self, id, reason);
    }
  }

  @Test
  void a_signal_runs_on_link_died_and_the_default_stops_on_a_lost_peer() throws Exception {
    Watcher watcher = new Watcher();
    ActorRef<Watcher> ref = Actor.spawn(watcher);
    LinkSignals.linkDied(ref, ActorId.of(42), new StopReason.PeerDisconnected("peer-1"));
    assertEquals("42 PeerDisconnected(peer-1)", watcher.heard.get(10, TimeUnit.SECONDS));
    StopReason.LinkDied died =
        assertInstanceOf(StopReason.LinkDied.class, ref.waitForShutdown().reason());
    assertEquals(ActorId.of(42), died.id());
  }

  @Test
  void a_signal_to_a_stopped_actor_is_dropped_and_a_second_install_is_refused() {
    ActorRef<Watcher> ref = Actor.spawn(new Watcher());
    ref.kill();
    ref.waitForShutdown();
    LinkSignals.linkDied(ref, ActorId.of(1), StopReason.NORMAL); // no effect, no error
    assertThrows(IllegalStateException.class, () -> LinkSignals.install((to, id, reason) -> {}));
  }
}
