package io.kameo.remote.internal.jfr;

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
import io.kameo.remote.messaging.RemoteNode;
import io.kameo.remote.messaging.RemoteNode.Echo;
import io.kameo.remote.messaging.RemoteNode.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JFR events of remote messaging, recorded while two nodes in this JVM talk. */
class RemoteEventsTest {
  static {
    RemoteNode.openToJackson();
  }

  private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  @TempDir Path dir;

  @Test
  void an_ask_records_sent_and_received_and_a_refused_message_records_failed() throws Exception {
    ActorSwarmConfig json = ActorSwarmConfig.defaults().withFormat(PayloadFormat.JSON);
    List<RecordedEvent> events;
    try (Recording recording = new Recording()) {
      recording.enable(RemoteMessageSent.class);
      recording.enable(RemoteMessageReceived.class);
      recording.enable(RemoteMessageFailed.class);
      recording.start();
      try (ActorSwarm server = ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, List.of());
          ActorSwarm client =
              ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, server.addresses());
          ActorSwarm jsonClient =
              ActorSwarm.bootstrap(Keypair.generate(), LOOPBACK, server.addresses(), json)) {
        server.register(Actor.spawn(new Worker()), "worker");
        RemoteActorRef<Worker> worker = client.lookup("worker", Worker.class).orElseThrow();
        assertEquals(7L, worker.ask(new Echo(7)));
        RemoteActorRef<Worker> viaJson = jsonClient.lookup("worker", Worker.class).orElseThrow();
        RemoteSendException refused =
            assertThrows(RemoteSendException.class, () -> viaJson.ask(new Echo(8)));
        assertEquals(RemoteSendException.Reason.FORMAT_MISMATCH, refused.reason());
      }
      recording.stop();
      Path file = dir.resolve("remote.jfr");
      recording.dump(file);
      events = RecordingFile.readAllEvents(file);
      Files.delete(file);
    }
    // both asks were sent and received: the same actor, request and message ids on each side
    List<String> sent = keys(named(events, "io.kameo.remote.MessageSent"));
    List<String> received = keys(named(events, "io.kameo.remote.MessageReceived"));
    assertEquals(2, sent.size(), sent.toString());
    assertEquals(sent.stream().sorted().toList(), received.stream().sorted().toList());
    assertTrue(
        named(events, "io.kameo.remote.MessageSent").stream()
            .allMatch(e -> e.getBoolean("ask") && e.getLong("payloadBytes") > 0));
    RecordedEvent failed = only(events, "io.kameo.remote.MessageFailed");
    assertEquals("FORMAT_MISMATCH", failed.getString("reason"));
    assertTrue(failed.getString("peer").startsWith("12D3KooW"), failed.toString());
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
  }

  private static List<String> keys(List<RecordedEvent> events) {
    return events.stream()
        .map(
            e ->
                e.getLong("actorId")
                    + "/"
                    + e.getLong("requestId")
                    + "/"
                    + e.getString("actorType")
                    + "/"
                    + e.getString("messageId"))
        .toList();
  }

  /** Returns the only event named {@code name}. */
  private static RecordedEvent only(List<RecordedEvent> events, String name) {
    List<RecordedEvent> named = named(events, name);
    assertEquals(1, named.size(), name + ": " + named);
    return named.get(0);
  }
}
