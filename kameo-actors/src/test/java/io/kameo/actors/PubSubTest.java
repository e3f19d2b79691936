package io.kameo.actors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.actors.Listener.Note;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PubSubTest {

  @Test
  void publish_reaches_every_subscriber_in_order_and_filters_apply() {
    PubSub<Note> notes = PubSub.create();
    Listener.Spawned all = Listener.spawn();
    Listener.Spawned even = Listener.spawn();
    assertTrue(notes.subscribe(Subscriber.of(all.ref())));
    assertTrue(notes.subscribe(Subscriber.of(even.ref(), n -> n.n() % 2 == 0)));
    assertFalse(notes.subscribe(Subscriber.of(all.ref())), "subscribed already");
    int delivered = 0;
    for (int i = 1; i <= 6; i++) {
      delivered += notes.publish(new Note(i));
    }
    assertEquals(9, delivered);
    assertEquals(List.of(1, 2, 3, 4, 5, 6), all.stopAndDrain());
    assertEquals(List.of(2, 4, 6), even.stopAndDrain());
    assertEquals(0, notes.dropped());
  }

  @Test
  void unsubscribe_stops_deliveries() {
    PubSub<Note> notes = PubSub.create();
    Listener.Spawned l = Listener.spawn();
    notes.subscribe(Subscriber.of(l.ref()));
    notes.publish(new Note(1));
    assertTrue(notes.unsubscribe(l.ref().id()));
    assertFalse(notes.unsubscribe(l.ref().id()));
    assertEquals(0, notes.publish(new Note(2)));
    assertEquals(List.of(1), l.stopAndDrain());
  }

  @Test
  void a_stopped_subscriber_is_dropped_without_a_publish() {
    PubSub<Note> notes = PubSub.create();
    Listener.Spawned stays = Listener.spawn();
    Listener.Spawned goes = Listener.spawn();
    notes.subscribe(Subscriber.of(stays.ref()));
    notes.subscribe(Subscriber.of(goes.ref()));
    goes.ref().kill();
    await().atMost(Duration.ofSeconds(10)).until(() -> notes.subscribers() == 1);
    assertFalse(notes.subscribe(Subscriber.of(goes.ref())), "a stopped actor is not subscribed");
    assertEquals(1, notes.publish(new Note(7)));
    assertEquals(List.of(7), stays.stopAndDrain());
    await().atMost(Duration.ofSeconds(10)).until(() -> notes.subscribers() == 0);
  }

  @Test
  void best_effort_drops_and_counts_for_a_full_mailbox_and_still_reaches_the_others()
      throws Exception {
    PubSub<Note> notes = PubSub.create(DeliveryStrategy.bestEffort());
    CountDownLatch release = new CountDownLatch(1);
    Listener.Spawned full = Listener.spawnFull(release);
    Listener.Spawned free = Listener.spawn();
    notes.subscribe(Subscriber.of(full.ref()));
    notes.subscribe(Subscriber.of(free.ref()));
    assertEquals(1, notes.publish(new Note(1)));
    assertEquals(1, notes.dropped());
    assertEquals(1, free.next());
    release.countDown();
    assertEquals(List.of(0), full.stopAndDrain(), "the note for the full mailbox was dropped");
    free.stopAndDrain();
  }

  @Test
  void guaranteed_waits_for_room_in_a_full_mailbox() throws Exception {
    PubSub<Note> notes = PubSub.create(DeliveryStrategy.guaranteed());
    CountDownLatch release = new CountDownLatch(1);
    Listener.Spawned full = Listener.spawnFull(release);
    notes.subscribe(Subscriber.of(full.ref()));
    Thread publisher = Thread.ofVirtual().start(() -> notes.publish(new Note(1)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> publisher.getState() == Thread.State.WAITING);
    assertTrue(publisher.isAlive(), "the publisher waits while the mailbox is full");
    release.countDown();
    assertTrue(publisher.join(Duration.ofSeconds(10)));
    assertEquals(List.of(0, 1), full.stopAndDrain());
    assertEquals(0, notes.dropped());
  }

  @Test
  void timed_waits_up_to_its_timeout_then_drops_and_counts() throws Exception {
    Duration timeout = Duration.ofMillis(200);
    PubSub<Note> notes = PubSub.create(DeliveryStrategy.timed(timeout));
    CountDownLatch release = new CountDownLatch(1);
    Listener.Spawned full = Listener.spawnFull(release);
    notes.subscribe(Subscriber.of(full.ref()));
    long start = System.nanoTime();
    assertEquals(0, notes.publish(new Note(1)));
    long waited = System.nanoTime() - start;
    assertTrue(waited >= timeout.toNanos(), "waited only " + waited + " ns");
    assertTrue(waited < timeout.toNanos() + Duration.ofSeconds(5).toNanos(), "waited " + waited);
    assertEquals(1, notes.dropped());
    release.countDown();
    assertEquals(List.of(0), full.stopAndDrain());
  }

  @Test
  void spawned_returns_at_once_and_delivers_once_there_is_room() throws Exception {
    PubSub<Note> notes = PubSub.create(DeliveryStrategy.spawned());
    CountDownLatch release = new CountDownLatch(1);
    Listener.Spawned full = Listener.spawnFull(release);
    notes.subscribe(Subscriber.of(full.ref()));
    // returns while the subscriber is still held: a blocking publish would hang the test here
    assertEquals(1, notes.publish(new Note(1)));
    assertEquals(1, full.got().size() + 1, "nothing handled yet but the hold");
    release.countDown();
    assertEquals(0, full.next());
    assertEquals(1, full.next());
    assertEquals(0, notes.dropped());
    full.stopAndDrain();
  }
}
