package io.kameo.remote.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.ActorSwarmConfig;
import io.kameo.remote.PayloadFormat;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.error.RemoteSendException.Reason;
import io.kameo.remote.messaging.RemoteNode.Echo;
import io.kameo.remote.messaging.RemoteNode.Worker;
import io.kameo.remote.messaging.RemoteNode.Wrapped;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The payload formats between two nodes: JSON when both choose it, a precise error when they
 * differ, and no payload that names a class. (Separate-process messaging is {@link OneApiTest}.)
 */
class PayloadFormatTest {
  static {
    RemoteNode.openToJackson();
  }

  static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  private static RemoteActorRef<Worker> workerOn(ActorSwarm server, ActorSwarm client) {
    server.register(Actor.spawn(new Worker()), "worker");
    return client.lookup("worker", Worker.class).orElseThrow();
  }

  @Test
  void two_nodes_that_both_choose_json_talk_json() {
    ActorSwarmConfig json = ActorSwarmConfig.defaults().withFormat(PayloadFormat.JSON);
    try (ActorSwarm server = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of(), json);
        ActorSwarm client =
            ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, server.addresses(), json)) {
      RemoteActorRef<Worker> worker = workerOn(server, client);
      assertEquals(41L, worker.ask(new Echo(41)));
      assertEquals(42L, worker.askAsync(new Echo(42)).join());
    }
  }

  @Test
  void a_message_in_another_format_than_the_receiver_reads_is_refused_and_handed_back() {
    ActorSwarmConfig json = ActorSwarmConfig.defaults().withFormat(PayloadFormat.JSON);
    try (ActorSwarm server = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of(), json);
        ActorSwarm client =
            ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, server.addresses())) {
      RemoteActorRef<Worker> worker = workerOn(server, client);
      Echo message = new Echo(1);
      RemoteSendException e = assertThrows(RemoteSendException.class, () -> worker.ask(message));
      assertEquals(Reason.FORMAT_MISMATCH, e.reason());
      assertTrue(e.getMessage().contains("the message is CBOR"), e.getMessage());
      assertTrue(e.getMessage().contains("reads JSON"), e.getMessage());
      assertEquals(Optional.of(message), e.message());
    }
  }

  @Test
  void a_message_type_that_would_name_a_class_is_refused_before_sending() {
    try (ActorSwarm server = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of());
        ActorSwarm client =
            ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, server.addresses())) {
      RemoteActorRef<Worker> worker = workerOn(server, client);
      Wrapped message = new Wrapped(1);
      RemoteSendException e = assertThrows(RemoteSendException.class, () -> worker.ask(message));
      assertEquals(Reason.SERIALIZATION, e.reason());
      assertTrue(
          e.getMessage()
              .contains("the component " + Wrapped.class.getName() + ".value uses @JsonTypeInfo"),
          e.getMessage());
      assertEquals(Optional.of(message), e.message());
      assertEquals(1L, worker.ask(new Echo(1)), "nothing else was affected");
    }
  }
}
