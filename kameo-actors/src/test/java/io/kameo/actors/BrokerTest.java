package io.kameo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.actors.Listener.Note;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrokerTest {

  @Test
  void a_single_star_matches_one_segment_and_a_double_star_any_number() {
    Broker<Note> broker = Broker.create();
    Listener.Spawned created = Listener.spawn();
    Listener.Spawned everything = Listener.spawn();
    Listener.Spawned exact = Listener.spawn();
    broker.subscribe("orders.*.created", Subscriber.of(created.ref()));
    broker.subscribe("orders.**", Subscriber.of(everything.ref()));
    broker.subscribe("orders.eu.created", Subscriber.of(exact.ref()));

    assertEquals(3, broker.publish("orders.eu.created", new Note(1)));
    assertEquals(2, broker.publish("orders.us.created", new Note(2)));
    assertEquals(1, broker.publish("orders.eu.created.late", new Note(3)));
    assertEquals(1, broker.publish("orders", new Note(4)));
    assertEquals(0, broker.publish("invoices.eu.created", new Note(5)));

    assertEquals(List.of(1, 2), created.stopAndDrain());
    assertEquals(List.of(1, 2, 3, 4), everything.stopAndDrain());
    assertEquals(List.of(1), exact.stopAndDrain());
  }

  @Test
  void a_double_star_in_the_middle_matches_zero_or_more_segments() {
    Broker<Note> broker = Broker.create();
    Listener.Spawned l = Listener.spawn();
    broker.subscribe("a.**.z", Subscriber.of(l.ref()));
    broker.publish("a.z", new Note(1));
    broker.publish("a.b.z", new Note(2));
    broker.publish("a.b.c.z", new Note(3));
    broker.publish("a.b.c", new Note(4));
    assertEquals(List.of(1, 2, 3), l.stopAndDrain());
  }

  @Test
  void a_subscriber_with_two_matching_patterns_gets_each_message_once() {
    Broker<Note> broker = Broker.create();
    Listener.Spawned l = Listener.spawn();
    broker.subscribe("orders.*", Subscriber.of(l.ref()));
    broker.subscribe("orders.**", Subscriber.of(l.ref()));
    assertFalse(broker.subscribe("orders.*", Subscriber.of(l.ref())), "the same pattern twice");
    assertEquals(2, broker.subscriptions());
    assertEquals(1, broker.publish("orders.new", new Note(1)));
    assertEquals(List.of(1), l.stopAndDrain());
  }

  @Test
  void unsubscribe_removes_one_pattern_and_unsubscribe_all_every_one() {
    Broker<Note> broker = Broker.create();
    Listener.Spawned l = Listener.spawn();
    broker.subscribe("a.*", Subscriber.of(l.ref()));
    broker.subscribe("b.*", Subscriber.of(l.ref()));
    assertTrue(broker.unsubscribe("a.*", l.ref().id()));
    assertFalse(broker.unsubscribe("a.*", l.ref().id()));
    assertEquals(0, broker.publish("a.x", new Note(1)));
    assertEquals(1, broker.publish("b.x", new Note(2)));
    assertTrue(broker.unsubscribeAll(l.ref().id()));
    assertEquals(0, broker.publish("b.x", new Note(3)));
    assertEquals(List.of(2), l.stopAndDrain());
  }

  @Test
  void malformed_patterns_and_topics_are_refused_with_the_offending_text() {
    Broker<Note> broker = Broker.create();
    Listener.Spawned l = Listener.spawn();
    Subscriber<Note> s = Subscriber.of(l.ref());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> broker.subscribe("orders.cr*", s));
    assertTrue(e.getMessage().contains("orders.cr*"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> broker.subscribe("orders..x", s));
    assertThrows(IllegalArgumentException.class, () -> broker.subscribe("", s));
    assertThrows(IllegalArgumentException.class, () -> broker.publish("orders.*", new Note(1)));
    assertThrows(IllegalArgumentException.class, () -> broker.publish("orders.", new Note(1)));
    assertEquals(0, broker.subscriptions());
    l.stopAndDrain();
  }
}
