package io.kameo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.actors.Listener.Note;
import java.util.List;
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
}
