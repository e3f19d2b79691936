package io.kameo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageBusTest {
  /** Events of a shop: a protocol that several message types share. */
  sealed interface ShopEvent extends Message<Shop, Void> permits Placed, Shipped {}

  record Placed(int order) implements ShopEvent {}

  record Shipped(int order) implements ShopEvent {}

  /** Handles every shop event; records what it got. */
  static final class Shop implements Actor<Shop> {
    final BlockingQueue<Object> got = new LinkedBlockingQueue<>();

    @Handler
    void placed(Placed p) {
      got.add(p);
    }

    @Handler
    void shipped(Shipped s) {
      got.add(s);
    }
  }

  private static List<Object> stop(ActorRef<Shop> ref, Shop shop) {
    ref.stopGracefully();
    ref.waitForShutdown();
    return List.copyOf(shop.got);
  }

  @Test
  void a_message_reaches_the_subscribers_of_its_type_and_of_its_supertypes() {
    MessageBus bus = MessageBus.create();
    Shop billing = new Shop();
    Shop audit = new Shop();
    ActorRef<Shop> billingRef = Actor.spawn(billing);
    ActorRef<Shop> auditRef = Actor.spawn(audit);
    assertTrue(bus.register(Placed.class, Subscriber.of(billingRef)));
    assertTrue(bus.register(ShopEvent.class, Subscriber.<Shop, ShopEvent>of(auditRef)));

    assertEquals(2, bus.publish(new Placed(1)));
    assertEquals(1, bus.publish(new Shipped(1)));
    assertEquals(0, bus.publish("a string nobody registered for"));

    assertEquals(List.of(new Placed(1)), stop(billingRef, billing));
    assertEquals(List.of(new Placed(1), new Shipped(1)), stop(auditRef, audit));
  }

  @Test
  void a_subscriber_registered_for_a_type_and_its_supertype_gets_each_message_once() {
    MessageBus bus = MessageBus.create();
    Shop shop = new Shop();
    ActorRef<Shop> ref = Actor.spawn(shop);
    bus.register(Placed.class, Subscriber.of(ref));
    bus.register(ShopEvent.class, Subscriber.<Shop, ShopEvent>of(ref));
    assertFalse(bus.register(Placed.class, Subscriber.of(ref)), "registered for Placed already");
    assertEquals(1, bus.publish(new Placed(7)));
    assertEquals(List.of(new Placed(7)), stop(ref, shop));
  }

  @Test
  void unregister_takes_effect_for_the_next_publish() {
    MessageBus bus = MessageBus.create();
    Shop shop = new Shop();
    ActorRef<Shop> ref = Actor.spawn(shop);
    bus.register(Placed.class, Subscriber.of(ref));
    bus.register(Shipped.class, Subscriber.of(ref));
    assertEquals(1, bus.publish(new Placed(1))); // caches the route of Placed
    assertTrue(bus.unregister(Placed.class, ref.id()));
    assertEquals(0, bus.publish(new Placed(2)));
    assertEquals(1, bus.publish(new Shipped(3)));
    assertTrue(bus.unregisterAll(ref.id()));
    assertEquals(0, bus.registrations());
    assertEquals(List.of(new Placed(1), new Shipped(3)), stop(ref, shop));
  }
}
