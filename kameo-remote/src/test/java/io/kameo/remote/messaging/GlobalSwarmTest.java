package io.kameo.remote.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.messaging.RemoteNode.Echo;
import io.kameo.remote.messaging.RemoteNode.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The process-wide swarm: one at a time, found by {@code global()}, gone when closed. */
class GlobalSwarmTest {
  static {
    RemoteNode.openToJackson();
  }

  static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  @Test
  void the_global_swarm_registers_and_looks_up_until_it_is_closed() {
    assertThrows(IllegalStateException.class, ActorSwarm::global);
    try (ActorSwarm other = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of())) {
      ActorSwarm global =
          ActorSwarm.bootstrapGlobal(Keypair.generate(), LOOPBACK, other.addresses());
      try {
        assertSame(global, ActorSwarm.global());
        IllegalStateException twice =
            assertThrows(
                IllegalStateException.class,
                () -> ActorSwarm.bootstrapGlobal(Keypair.generate(), LOOPBACK, List.of()));
        assertTrue(twice.getMessage().contains("already open"), twice.getMessage());
        assertSame(global, ActorSwarm.global(), "the refused second swarm changed nothing");

        other.register(Actor.spawn(new Worker()), "global-worker");
        RemoteActorRef<Worker> worker =
            RemoteActorRef.lookup("global-worker", Worker.class).orElseThrow();
        assertEquals(other.peerId(), worker.peer());
        assertEquals(3L, worker.ask(new Echo(3)));
      } finally {
        global.close();
      }
      assertFalse(global.isOpen());
      IllegalStateException gone = assertThrows(IllegalStateException.class, ActorSwarm::global);
      assertTrue(gone.getMessage().contains("bootstrapGlobal"), gone.getMessage());
      ActorSwarm again = ActorSwarm.bootstrapGlobal(Keypair.generate(), LOOPBACK, List.of());
      assertSame(again, ActorSwarm.global());
      again.close();
    }
  }
}
