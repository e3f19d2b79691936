package io.kameo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.actors.Listener.Note;
import io.kameo.actors.MessageQueueException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageQueueTest {

  @Test
  void a_direct_exchange_routes_by_equal_routing_key() {
    MessageQueue<Note> mq = MessageQueue.create();
    mq.declareExchange("logs", ExchangeType.DIRECT);
    mq.declareQueue("errors");
    mq.declareQueue("all");
    mq.bind("errors", "logs", "error");
    mq.bind("all", "logs", "error");
    mq.bind("all", "logs", "info");
    Listener.Spawned errors = Listener.spawn();
    Listener.Spawned all = Listener.spawn();
    mq.consume("errors", Subscriber.of(errors.ref()));
    mq.consume("all", Subscriber.of(all.ref()));
    assertEquals(2, mq.publish("logs", "error", new Note(1)));
    assertEquals(1, mq.publish("logs", "info", new Note(2)));
    assertEquals(0, mq.publish("logs", "debug", new Note(3)));
    assertEquals(List.of(1), errors.stopAndDrain());
    assertEquals(List.of(1, 2), all.stopAndDrain());
  }

  @Test
  void a_topic_exchange_matches_star_for_one_word_and_hash_for_any_number() {
    MessageQueue<Note> mq = MessageQueue.create();
    mq.declareExchange("jobs", ExchangeType.TOPIC);
    mq.declareQueue("images");
    mq.declareQueue("resizes");
    mq.bind("images", "jobs", "jobs.image.#");
    mq.bind("resizes", "jobs", "jobs.*.resize");
    Listener.Spawned images = Listener.spawn();
    Listener.Spawned resizes = Listener.spawn();
    mq.consume("images", Subscriber.of(images.ref()));
    mq.consume("resizes", Subscriber.of(resizes.ref()));
    assertEquals(2, mq.publish("jobs", "jobs.image.resize", new Note(1)));
    assertEquals(1, mq.publish("jobs", "jobs.image", new Note(2)));
    assertEquals(1, mq.publish("jobs", "jobs.video.resize", new Note(3)));
    assertEquals(List.of(1, 2), images.stopAndDrain());
    assertEquals(List.of(1, 3), resizes.stopAndDrain());
  }

  @Test
  void a_fanout_exchange_reaches_every_bound_queue_and_the_default_exchange_each_by_name() {
    MessageQueue<Note> mq = MessageQueue.create();
    mq.declareExchange("news", ExchangeType.FANOUT);
    mq.declareQueue("a");
    mq.declareQueue("b");
    mq.bind("a", "news", "");
    mq.bind("b", "news", "ignored");
    Listener.Spawned a = Listener.spawn();
    Listener.Spawned b = Listener.spawn();
    mq.consume("a", Subscriber.of(a.ref()));
    mq.consume("b", Subscriber.of(b.ref()));
    assertEquals(2, mq.publish("news", "anything", new Note(1)));
    assertEquals(1, mq.publish("", "b", new Note(2)));
    assertEquals(0, mq.publish("", "no-such-queue", new Note(3)));
    assertEquals(List.of(1), a.stopAndDrain());
    assertEquals(List.of(1, 2), b.stopAndDrain());
  }

  @Test
  void a_headers_exchange_matches_all_or_any_of_the_bound_headers() {
    MessageQueue<Note> mq = MessageQueue.create();
    mq.declareExchange("h", ExchangeType.HEADERS);
    mq.declareQueue("both");
    mq.declareQueue("either");
    mq.bind("both", "h", HeaderMatch.all(Map.of("format", "pdf", "type", "report")));
    mq.bind("either", "h", HeaderMatch.any(Map.of("format", "pdf", "type", "report")));
    Listener.Spawned both = Listener.spawn();
    Listener.Spawned either = Listener.spawn();
    mq.consume("both", Subscriber.of(both.ref()));
    mq.consume("either", Subscriber.of(either.ref()));
    assertEquals(2, mq.publish("h", "", Map.of("format", "pdf", "type", "report"), new Note(1)));
    assertEquals(1, mq.publish("h", "", Map.of("format", "pdf"), new Note(2)));
    assertEquals(0, mq.publish("h", "", Map.of("format", "zip"), new Note(3)));
    assertThrows(IllegalArgumentException.class, () -> mq.bind("both", "h", "a-routing-key"));
    assertEquals(List.of(1), both.stopAndDrain());
    assertEquals(List.of(1, 2), either.stopAndDrain());
  }

  @Test
  void the_consumers_of_one_queue_take_its_messages_in_turn() {
    MessageQueue<Note> mq = MessageQueue.create();
    mq.declareQueue("work");
    Listener.Spawned one = Listener.spawn();
    Listener.Spawned two = Listener.spawn();
    mq.consume("work", Subscriber.of(one.ref()));
    mq.consume("work", Subscriber.of(two.ref()));
    for (int i = 1; i <= 6; i++) {
      assertEquals(1, mq.publish("", "work", new Note(i)));
    }
    List<Integer> a = one.stopAndDrain();
    List<Integer> b = two.stopAndDrain();
    assertEquals(3, a.size(), "one got " + a + ", two got " + b);
    assertEquals(3, b.size(), "one got " + a + ", two got " + b);
    List<Integer> all = new ArrayList<>(a);
    all.addAll(b);
    all.sort(null);
    assertEquals(List.of(1, 2, 3, 4, 5, 6), all);
  }

  @Test
  void a_message_for_a_queue_without_consumers_is_dropped_and_counted() {
    MessageQueue<Note> mq = MessageQueue.create();
    mq.declareQueue("idle");
    assertEquals(0, mq.publish("", "idle", new Note(1)));
    assertEquals(1, mq.dropped());
  }

  @Test
  void unknown_existing_and_busy_names_fail_precisely_and_change_nothing() {
    MessageQueue<Note> mq = MessageQueue.create();
    mq.declareExchange("x", ExchangeType.DIRECT);
    mq.declareQueue("q");
    mq.bind("q", "x", "k");

    expect(
        MessageQueueException.AlreadyExists.class,
        Kind.EXCHANGE,
        "x",
        () -> mq.declareExchange("x", ExchangeType.TOPIC));
    expect(MessageQueueException.AlreadyExists.class, Kind.QUEUE, "q", () -> mq.declareQueue("q"));
    expect(
        MessageQueueException.AlreadyExists.class,
        Kind.BINDING,
        "q <- x (k)",
        () -> mq.bind("q", "x", "k"));
    expect(MessageQueueException.NotFound.class, Kind.EXCHANGE, "y", () -> mq.bind("q", "y", "k"));
    expect(MessageQueueException.NotFound.class, Kind.QUEUE, "r", () -> mq.bind("r", "x", "k"));
    expect(
        MessageQueueException.NotFound.class,
        Kind.EXCHANGE,
        "y",
        () -> mq.publish("y", "k", new Note(1)));
    expect(MessageQueueException.NotFound.class, Kind.QUEUE, "r", () -> mq.deleteQueue("r", false));
    expect(
        MessageQueueException.NotFound.class,
        Kind.BINDING,
        "q <- x (other)",
        () -> mq.unbind("q", "x", "other"));
    expect(
        MessageQueueException.InUse.class, Kind.EXCHANGE, "x", () -> mq.deleteExchange("x", true));

    Listener.Spawned l = Listener.spawn();
    mq.consume("q", Subscriber.of(l.ref()));
    expect(MessageQueueException.InUse.class, Kind.QUEUE, "q", () -> mq.deleteQueue("q", true));
    assertThrows(IllegalArgumentException.class, () -> mq.declareQueue(""));

    assertEquals(1, mq.publish("x", "k", new Note(1)), "the topology is unchanged");
    mq.deleteQueue("q", false); // removes its bindings too
    mq.deleteExchange("x", true);
    assertTrue(mq.queues().isEmpty() && mq.exchanges().isEmpty());
    assertEquals(List.of(1), l.stopAndDrain());
  }

  private static void expect(
      Class<? extends MessageQueueException> type, Kind kind, String name, Runnable call) {
    MessageQueueException e = assertThrows(type, call::run);
    assertEquals(kind, e.kind());
    assertEquals(name, e.name());
  }
}
