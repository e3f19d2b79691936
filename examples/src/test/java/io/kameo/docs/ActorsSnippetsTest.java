package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.Supervisor;
import io.kameo.actors.DeliveryStrategy;
import io.kameo.actors.ExchangeType;
import io.kameo.actors.HeaderMatch;
import io.kameo.actors.MessageQueue;
import io.kameo.actors.MessageQueueException;
import io.kameo.actors.NoWorkerException;
import io.kameo.actors.Pool;
import io.kameo.actors.PubSub;
import io.kameo.actors.Routing;
import io.kameo.actors.Subscriber;
import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/19-actors.md, run. */
class ActorsSnippetsTest {
  record Resize(int width) implements Message<Resizer, Integer> {}

  static final class Resizer implements Actor<Resizer> {
    @Handler
    int resize(Resize r) {
      return r.width() / 2;
    }
  }

  record Tick(long n) implements Message<Display, Void> {}

  static final class Display implements Actor<Display> {
    @Handler
    void tick(Tick t) {}
  }

  @Test
  void a_pool_is_configured_resized_and_stopped() {
    Pool<Resizer> pool =
        Pool.builder(Resizer::new)
            .size(4)
            .routing(Routing.ROUND_ROBIN)
            .options(b -> b.mailbox(Mailbox.bounded(256)))
            .supervisor(Supervisor.builder().maxRestarts(10, Duration.ofSeconds(1)))
            .spawn();
    int half = pool.ask(new Resize(640)); // 320, from one of the four workers
    pool.resize(8); // four more workers
    pool.stop(); // the workers stop after what is queued for them
    try {
      pool.ask(new Resize(640));
    } catch (NoWorkerException e) {
      // "no running worker in the pool (it was stopped); Resize not delivered"
    }
    assertEquals(320, half);
    assertThrows(NoWorkerException.class, () -> pool.ask(new Resize(1)));
  }

  @Test
  void a_delivery_strategy_says_what_a_full_mailbox_does() {
    PubSub<Tick> lossy = PubSub.create(); // best effort: drop for a full mailbox, count it
    PubSub<Tick> lossless = PubSub.create(DeliveryStrategy.guaranteed()); // wait for room
    PubSub<Tick> bounded = PubSub.create(DeliveryStrategy.timed(Duration.ofMillis(50)));
    PubSub<Tick> detached = PubSub.create(DeliveryStrategy.spawned()); // never blocks
    ActorRef<Display> display = Actor.spawn(new Display());
    for (PubSub<Tick> p : java.util.List.of(lossy, lossless, bounded, detached)) {
      assertTrue(p.subscribe(Subscriber.of(display)));
      assertEquals(1, p.publish(new Tick(1)));
    }
    long dropped = lossy.dropped(); // how many ticks found a full mailbox
    assertEquals(0, dropped);

    display.kill(); // a stopped subscriber is dropped from every fan-out, without a publish
    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> lossy.subscribers() == 0 && detached.subscribers() == 0);
  }

  @Test
  void a_headers_exchange_and_the_errors_of_a_message_queue() {
    MessageQueue<Tick> mq = MessageQueue.create();
    mq.declareExchange("reports", ExchangeType.HEADERS);
    mq.declareQueue("pdf-reports");
    mq.bind("pdf-reports", "reports", HeaderMatch.all(Map.of("format", "pdf", "kind", "report")));
    try {
      mq.deleteExchange("reports", true); // only if unused: it has a binding
    } catch (MessageQueueException.InUse e) {
      // e.kind() == Kind.EXCHANGE, e.name() == "reports"
    }
    assertEquals(
        MessageQueueException.Kind.QUEUE,
        assertThrows(MessageQueueException.NotFound.class, () -> mq.deleteQueue("nope", false))
            .kind());
    assertThrows(MessageQueueException.InUse.class, () -> mq.deleteExchange("reports", true));
  }
}
