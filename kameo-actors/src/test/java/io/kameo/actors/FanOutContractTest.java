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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every fan-out actor guarantees, run against each: delivery to all, dead subscribers dropped,
 * and a full subscriber mailbox under each delivery strategy.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FanOutContractTest {

  /** One fan-out actor seen through what the contract needs. */
  interface FanOut {
    boolean subscribe(Subscriber<Note> s);

    int publish(Note n);

    long dropped();

    int subscriptions();
  }

  enum Kind {
    PUB_SUB {
      @Override
      FanOut create(DeliveryStrategy strategy) {
        PubSub<Note> p = PubSub.create(strategy);
        return new FanOut() {
          public boolean subscribe(Subscriber<Note> s) {
            return p.subscribe(s);
          }

          public int publish(Note n) {
            return p.publish(n);
          }

          public long dropped() {
            return p.dropped();
          }

          public int subscriptions() {
            return p.subscribers();
          }
        };
      }
    },
    BROKER {
      @Override
      FanOut create(DeliveryStrategy strategy) {
        Broker<Note> b = Broker.create(strategy);
        return new FanOut() {
          public boolean subscribe(Subscriber<Note> s) {
            return b.subscribe("notes.*", s);
          }

          public int publish(Note n) {
            return b.publish("notes.all", n);
          }

          public long dropped() {
            return b.dropped();
          }

          public int subscriptions() {
            return b.subscriptions();
          }
        };
      }
    },
    MESSAGE_BUS {
      @Override
      FanOut create(DeliveryStrategy strategy) {
        MessageBus bus = MessageBus.create(strategy);
        return new FanOut() {
          public boolean subscribe(Subscriber<Note> s) {
            return bus.register(Note.class, s);
          }

          public int publish(Note n) {
            return bus.publish(n);
          }

          public long dropped() {
            return bus.dropped();
          }

          public int subscriptions() {
            return bus.registrations();
          }
        };
      }
    },
    MESSAGE_QUEUE {
      @Override
      FanOut create(DeliveryStrategy strategy) {
        MessageQueue<Note> mq = MessageQueue.create(strategy);
        mq.declareExchange("notes", ExchangeType.FANOUT);
        return new FanOut() {
          public boolean subscribe(Subscriber<Note> s) {
            String queue = "q-" + s.id();
            if (!mq.queues().contains(queue)) {
              mq.declareQueue(queue);
              mq.bind(queue, "notes", "");
            }
            return mq.consume(queue, s);
          }

          public int publish(Note n) {
            return mq.publish("notes", "", n);
          }

          public long dropped() {
            return mq.dropped();
          }

          public int subscriptions() {
            return mq.queues().stream().mapToInt(mq::consumers).sum();
          }
        };
      }
    };

    abstract FanOut create(DeliveryStrategy strategy);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void every_subscriber_gets_every_message_in_order(Kind kind) {
    FanOut fanOut = kind.create(DeliveryStrategy.bestEffort());
    Listener.Spawned a = Listener.spawn();
    Listener.Spawned b = Listener.spawn();
    assertTrue(fanOut.subscribe(Subscriber.of(a.ref())));
    assertTrue(fanOut.subscribe(Subscriber.of(b.ref())));
    for (int i = 1; i <= 5; i++) {
      assertEquals(2, fanOut.publish(new Note(i)));
    }
    assertEquals(List.of(1, 2, 3, 4, 5), a.stopAndDrain());
    assertEquals(List.of(1, 2, 3, 4, 5), b.stopAndDrain());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void a_subscriber_that_stops_is_dropped_and_nothing_of_it_stays(Kind kind) {
    FanOut fanOut = kind.create(DeliveryStrategy.bestEffort());
    Listener.Spawned stays = Listener.spawn();
    Listener.Spawned goes = Listener.spawn();
    fanOut.subscribe(Subscriber.of(stays.ref()));
    fanOut.subscribe(Subscriber.of(goes.ref()));
    goes.ref().kill();
    await().atMost(Duration.ofSeconds(10)).until(() -> fanOut.subscriptions() == 1);
    assertEquals(1, fanOut.publish(new Note(1)));
    assertEquals(List.of(1), stays.stopAndDrain());
    await().atMost(Duration.ofSeconds(10)).until(() -> fanOut.subscriptions() == 0);
    assertFalse(fanOut.subscribe(Subscriber.of(goes.ref())), "a stopped actor is not subscribed");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void best_effort_drops_and_counts_for_a_full_mailbox_and_reaches_the_others(Kind kind)
      throws Exception {
    FanOut fanOut = kind.create(DeliveryStrategy.bestEffort());
    CountDownLatch release = new CountDownLatch(1);
    Listener.Spawned full = Listener.spawnFull(release);
    Listener.Spawned free = Listener.spawn();
    fanOut.subscribe(Subscriber.of(full.ref()));
    fanOut.subscribe(Subscriber.of(free.ref()));
    assertEquals(1, fanOut.publish(new Note(1)));
    assertEquals(1, fanOut.dropped());
    assertEquals(1, free.next());
    release.countDown();
    assertEquals(List.of(0), full.stopAndDrain(), "the note for the full mailbox was dropped");
    free.stopAndDrain();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void guaranteed_waits_for_room_in_a_full_mailbox(Kind kind) throws Exception {
    FanOut fanOut = kind.create(DeliveryStrategy.guaranteed());
    CountDownLatch release = new CountDownLatch(1);
    Listener.Spawned full = Listener.spawnFull(release);
    fanOut.subscribe(Subscriber.of(full.ref()));
    Thread publisher = Thread.ofVirtual().start(() -> fanOut.publish(new Note(1)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> publisher.getState() == Thread.State.WAITING);
    assertTrue(publisher.isAlive(), "the publisher waits while the mailbox is full");
    release.countDown();
    assertTrue(publisher.join(Duration.ofSeconds(10)));
    assertEquals(List.of(0, 1), full.stopAndDrain());
    assertEquals(0, fanOut.dropped());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timed_waits_up_to_its_timeout_then_drops_and_counts(Kind kind) throws Exception {
    Duration timeout = Duration.ofMillis(100);
    FanOut fanOut = kind.create(DeliveryStrategy.timed(timeout));
    CountDownLatch release = new CountDownLatch(1);
    Listener.Spawned full = Listener.spawnFull(release);
    fanOut.subscribe(Subscriber.of(full.ref()));
    long start = System.nanoTime();
    assertEquals(0, fanOut.publish(new Note(1)));
    long waited = System.nanoTime() - start;
    assertTrue(waited >= timeout.toNanos(), "waited only " + waited + " ns");
    assertTrue(waited < timeout.plusSeconds(5).toNanos(), "waited " + waited + " ns");
    assertEquals(1, fanOut.dropped());
    release.countDown();
    assertEquals(List.of(0), full.stopAndDrain());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void spawned_returns_at_once_and_delivers_once_there_is_room(Kind kind) throws Exception {
    FanOut fanOut = kind.create(DeliveryStrategy.spawned());
    CountDownLatch release = new CountDownLatch(1);
    Listener.Spawned full = Listener.spawnFull(release);
    fanOut.subscribe(Subscriber.of(full.ref()));
    // returns while the subscriber is still held: a blocking publish would hang the test here
    assertEquals(1, fanOut.publish(new Note(1)));
    assertTrue(full.got().isEmpty(), "nothing handled yet");
    release.countDown();
    assertEquals(0, full.next());
    assertEquals(1, full.next());
    assertEquals(0, fanOut.dropped());
    full.stopAndDrain();
  }
}
