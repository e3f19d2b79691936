package io.kameo.examples.actors;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.actors.Broker;
import io.kameo.actors.DeliveryStrategy;
import io.kameo.actors.ExchangeType;
import io.kameo.actors.MessageBus;
import io.kameo.actors.MessageQueue;
import io.kameo.actors.MessageQueueException;
import io.kameo.actors.Pool;
import io.kameo.actors.PubSub;
import io.kameo.actors.Subscriber;
import io.kameo.annotations.Handler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A small shop built from the ready-made actors of {@code kameo-actors}: a {@link Pool} prices
 * orders, a {@link Broker} routes order events by topic, a {@link PubSub} broadcasts them with a
 * filter, a {@link MessageBus} routes them by type, and a {@link MessageQueue} hands shipping jobs
 * to one of two shippers in turn.
 */
public final class ReadyMadeActorsExample {

  /** Prices {@code quantity} items at 3 each. */
  public record Price(int quantity) implements Message<Pricer, Integer> {}

  /** A pricing worker; the pool holds several. */
  public static final class Pricer implements Actor<Pricer> {
    @Handler
    int price(Price p) {
      return p.quantity() * 3;
    }
  }

  /** Something that happened to order {@code order}. */
  public record OrderEvent(String what, int order) implements Message<Recorder, Void> {}

  /** Asks a recorder what it has seen. */
  public record Seen() implements Message<Recorder, List<String>> {}

  /** Records the events it gets. */
  public static final class Recorder implements Actor<Recorder> {
    private final List<String> seen = new ArrayList<>();

    @Handler
    void event(OrderEvent e) {
      seen.add(e.what() + " #" + e.order());
    }

    @Handler
    List<String> seen(Seen s) {
      return List.copyOf(seen);
    }
  }

  private ReadyMadeActorsExample() {}

  /** Runs the example, printing to {@code out}; returns the total price of the orders. */
  public static int run(PrintStream out) {
    // a pool of four pricers: each ask goes to the least busy one
    Pool<Pricer> pricers = Pool.builder(Pricer::new).size(4).spawn();
    int total = 0;
    for (int quantity = 1; quantity <= 10; quantity++) {
      total += pricers.ask(new Price(quantity));
    }
    pricers.stop();
    out.println("priced 10 orders through a pool of 4: total " + total);

    ActorRef<Recorder> billing = Actor.spawn(new Recorder());
    ActorRef<Recorder> audit = Actor.spawn(new Recorder());
    ActorRef<Recorder> alerts = Actor.spawn(new Recorder());
    ActorRef<Recorder> shipper1 = Actor.spawn(new Recorder());
    ActorRef<Recorder> shipper2 = Actor.spawn(new Recorder());

    // a broker: topics with globs
    Broker<OrderEvent> broker = Broker.create();
    broker.subscribe("orders.*.placed", Subscriber.of(billing));
    broker.subscribe("orders.**", Subscriber.of(audit));
    broker.publish("orders.eu.placed", new OrderEvent("placed", 1));
    broker.publish("orders.us.placed", new OrderEvent("placed", 2));
    broker.publish("orders.eu.shipped", new OrderEvent("shipped", 1));
    out.println("billing saw " + billing.ask(new Seen()));
    out.println("audit saw " + audit.ask(new Seen()));

    // pub/sub with a filter, waiting for room in full mailboxes
    PubSub<OrderEvent> big = PubSub.create(DeliveryStrategy.guaranteed());
    big.subscribe(Subscriber.of(alerts, e -> e.order() >= 100));
    big.publish(new OrderEvent("placed", 7));
    big.publish(new OrderEvent("placed", 100));
    out.println("alerts saw " + alerts.ask(new Seen()));

    // a message bus: routed by the message's type
    MessageBus bus = MessageBus.create();
    bus.register(OrderEvent.class, Subscriber.of(billing));
    int reached = bus.publish(new OrderEvent("refunded", 2));
    int nobody = bus.publish("a string: nobody registered for String");
    out.println("the bus delivered the refund to " + reached + ", the string to " + nobody);

    // an AMQP-like queue: each job goes to one shipper, in turn
    MessageQueue<OrderEvent> mq = MessageQueue.create();
    mq.declareExchange("orders", ExchangeType.TOPIC);
    mq.declareQueue("shipping");
    mq.bind("shipping", "orders", "orders.*.ship");
    mq.consume("shipping", Subscriber.of(shipper1));
    mq.consume("shipping", Subscriber.of(shipper2));
    for (int order = 1; order <= 4; order++) {
      mq.publish("orders", "orders.eu.ship", new OrderEvent("ship", order));
    }
    int first = shipper1.ask(new Seen()).size();
    int second = shipper2.ask(new Seen()).size();
    out.println("shippers took " + first + " and " + second + " jobs");
    try {
      mq.declareQueue("shipping");
    } catch (MessageQueueException.AlreadyExists e) {
      out.println("refused: " + e.getMessage());
    }

    for (ActorRef<Recorder> r : List.of(billing, audit, alerts, shipper1, shipper2)) {
      r.stopGracefully();
      r.waitForShutdown();
    }
    return total;
  }

  /** Runs the example. */
  public static void main(String[] args) {
    run(System.out);
  }
}
