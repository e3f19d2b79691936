package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.examples.remote.RemoteCounterExample.Counter;
import io.kameo.examples.remote.RemoteCounterExample.Inc;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.micrometer.KameoMetrics;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snippets of docs/guide/20-observability.md: remote messages in a JFR recording, Micrometer
 * metrics, and what a thread dump shows of a busy actor.
 */
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

  @Test
  void micrometer_counts_the_messages_an_actor_handled() {
    MeterRegistry registry = new SimpleMeterRegistry(); // or the application's registry
    KameoMetrics metrics = KameoMetrics.create();
    metrics.bindTo(registry); // before spawning the actors to observe

    ActorRef<Counter> counter = Actor.spawn(new Counter());
    counter.tell(new Inc(2));
    counter.stopGracefully();
    counter.waitForShutdown(); // every message it handled is counted by now
    double handled =
        registry
            .get("kameo.messages.handled")
            .tag("actor", Counter.class.getName())
            .counter()
            .count();

    metrics.close(); // actors spawned from now on are not observed
    assertEquals(1, handled);
  }

  /** Tells the importer to work until {@code done} opens, after opening {@code started}. */
  record Import(CountDownLatch started, CountDownLatch done) implements Message<Importer, Void> {}

  static final class Importer implements Actor<Importer> {
    @Handler
    void importFile(Import msg) throws InterruptedException {
      msg.started().countDown();
      msg.done().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_thread_dump_names_the_busy_actor_and_its_handler() throws Exception {
    ActorRef<Importer> importer = Actor.builder(new Importer()).name("importer").spawn();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    importer.tell(new Import(started, done));
    assertTrue(started.await(10, TimeUnit.SECONDS));

    Path file = dir.resolve("threads.json").toAbsolutePath();
    // what `jcmd <pid> Thread.dump_to_file -format=json threads.json` writes
    HotSpotDiagnosticMXBean diagnostics =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    diagnostics.dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
    done.countDown();

    String dump = Files.readString(file);
    assertTrue(dump.contains("\"name\": \"importer-" + importer.id() + "\""), dump);
    assertTrue(dump.contains("ObservabilitySnippetsTest$Importer.importFile("), dump);
    assertTrue(dump.contains("Kameo_ObservabilitySnippetsTest_Importer.handle("), dump);
    importer.kill();
  }
}
