package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actor JFR events: each lifecycle step and a blocked send land in a recording. */
class JfrEventsTest {
  record Work(CountDownLatch hold) implements Message<Worker, Void> {}

  record Fail() implements Message<Worker, Void> {}

  static final class Worker implements Actor<Worker> {
    @Override
    public void onStart(ActorRef<Worker> self) {}

    @Handler
    void work(Work work) throws InterruptedException {
      work.hold().await();
    }

    @Handler
    void fail(Fail fail) {
      throw new IllegalStateException("boom");
    }
  }

  @Test
  void lifecycle_panic_restart_stop_and_a_blocked_send_are_recorded(@TempDir Path dir)
      throws Exception {
    ActorRef<Worker> plain;
    ActorRef<Worker> child;
    try (Recording recording = new Recording()) {
      for (String name : List.of("ActorSpawned", "ActorStarted", "ActorStopped", "ActorPanicked")) {
        recording.enable("io.kameo." + name);
      }
      recording.enable("io.kameo.ActorRestarted");
      recording.enable("io.kameo.MailboxBlocked").withThreshold(Duration.ZERO);
      recording.start();

      plain = Actor.builder(new Worker()).mailbox(Mailbox.bounded(1)).spawn();
      CountDownLatch hold = new CountDownLatch(1);
      plain.tell(new Work(hold)); // the handler holds the actor
      plain.tell(new Work(new CountDownLatch(0))); // fills the mailbox
      Thread sender = Thread.ofPlatform().start(() -> plain.tell(new Work(new CountDownLatch(0))));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (sender.getState() != Thread.State.WAITING) { // the third tell waits for room
        assertTrue(System.nanoTime() < deadline, "the third tell never waited for room");
        Thread.onSpinWait();
      }
      hold.countDown();
      sender.join();
      plain.stopGracefully();
      plain.waitForShutdown();

      ActorRef<Supervisor> supervisor = Supervisor.builder().spawn();
      child = Supervisor.spawnChild(supervisor, ChildSpec.of(Worker::new));
      child.tell(new Fail());
      CountDownLatch none = new CountDownLatch(0);
      child.ask(new Work(none)); // answered by the restarted instance
      supervisor.stopGracefully();
      supervisor.waitForShutdown();

      recording.stop();
      Path file = dir.resolve("actors.jfr");
      recording.dump(file);
      List<RecordedEvent> events = RecordingFile.readAllEvents(file);
      assertTrue(Files.size(file) > 0);

      long plainId = plain.id().sequence();
      long childId = child.id().sequence();
      assertEquals(1, count(events, "io.kameo.ActorSpawned", plainId));
      assertEquals(1, count(events, "io.kameo.ActorStarted", plainId));
      assertEquals(1, count(events, "io.kameo.ActorStopped", plainId));
      // the third tell waited; the second may have too, if it came before the actor took the first
      List<RecordedEvent> blocked =
          events.stream()
              .filter(e -> e.getEventType().getName().equals("io.kameo.MailboxBlocked"))
              .filter(e -> e.getLong("actorId") == plainId)
              .toList();
      assertTrue(blocked.size() == 1 || blocked.size() == 2, "blocked sends: " + blocked);
      for (RecordedEvent e : blocked) {
        assertEquals(1, e.getInt("capacity"));
        assertEquals("QUEUED", e.getString("outcome"));
      }

      RecordedEvent panicked = only(events, "io.kameo.ActorPanicked", childId);
      assertEquals(
          IllegalStateException.class.getName(), panicked.getClass("errorClass").getName());
      assertEquals("boom", panicked.getString("errorMessage"));
      assertEquals(1, count(events, "io.kameo.ActorRestarted", childId));
      assertEquals(2, count(events, "io.kameo.ActorStarted", childId), "started, then restarted");
      RecordedEvent stopped = only(events, "io.kameo.ActorStopped", childId);
      assertTrue(stopped.getString("reason") != null && !stopped.getString("reason").isEmpty());
      assertEquals(Worker.class.getName(), stopped.getClass("actorClass").getName());
    }
  }

  private static long count(List<RecordedEvent> events, String type, long actorId) {
    return events.stream()
        .filter(e -> e.getEventType().getName().equals(type) && e.getLong("actorId") == actorId)
        .count();
  }

  private static RecordedEvent only(List<RecordedEvent> events, String type, long actorId) {
    List<RecordedEvent> found =
        events.stream()
            .filter(e -> e.getEventType().getName().equals(type) && e.getLong("actorId") == actorId)
            .toList();
    assertEquals(1, found.size(), type + " of actor " + actorId + ": " + found);
    return found.get(0);
  }
}
