package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.Actor;
import io.kameo.examples.remote.RemoteCounterExample.Counter;
import io.kameo.examples.remote.RemoteCounterExample.Inc;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/guide/20-observability.md: remote messages in a JFR recording. */
class ObservabilitySnippetsTest {
  static final Multiaddr loopback = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  @TempDir Path dir;

  @Test
  void a_recording_holds_the_remote_messages_of_an_ask() throws Exception {
    Path file = dir.resolve("kameo.jfr");
    try (ActorSwarm node1 = ActorSwarm.bootstrap(Keypair.generate(), loopback, List.of());
        ActorSwarm node2 = ActorSwarm.bootstrap(Keypair.generate(), loopback, node1.addresses())) {
      node1.register(Actor.spawn(new Counter()), "counter");
      RemoteActorRef<Counter> counter = node2.lookup("counter", Counter.class).orElseThrow();

      try (Recording recording = new Recording()) {
        recording.enable("io.kameo.remote.MessageSent");
        recording.enable("io.kameo.remote.MessageReceived");
        recording.enable("io.kameo.remote.MessageFailed");
        recording.start();
        counter.ask(new Inc(2)); // one remote ask: sent by node2, received by node1
        recording.stop();
        recording.dump(file);
      }
    }
    List<String> seen = new ArrayList<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      seen.add(event.getEventType().getName() + " " + event.getString("actorType"));
    }
    String actorType = Counter.class.getName(); // the @RemoteActor id by default
    assertEquals(
        List.of(
            "io.kameo.remote.MessageReceived " + actorType,
            "io.kameo.remote.MessageSent " + actorType),
        seen.stream().sorted().toList());
    Files.delete(file);
  }
}
