package io.kameo.actors;

import io.kameo.ActorId;
import io.kameo.SendException;
import io.kameo.actors.MessageQueueException.AlreadyExists;
import io.kameo.actors.MessageQueueException.InUse;
import io.kameo.actors.MessageQueueException.Kind;
import io.kameo.actors.MessageQueueException.NotFound;
import io.kameo.actors.internal.TopicPattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An AMQP-like message router: messages are published to an exchange, which routes them to the
 * queues bound to it (direct, topic, fanout or headers, see {@link ExchangeType}); each queue hands
 * each message to one of its consumers, in turn.
 *
 * <pre>{@code
 * MessageQueue<Job> mq = MessageQueue.create();
 * mq.declareExchange("jobs", ExchangeType.TOPIC);
 * mq.declareQueue("images");
 * mq.bind("images", "jobs", "jobs.image.#");
 * mq.consume("images", Subscriber.of(imageWorker));
 * mq.publish("jobs", "jobs.image.resize", new Job(7));
 * }</pre>
 *
 * <p>The default exchange, named {@code ""}, is a direct exchange to which every queue is bound by
 * its own name. Operations on unknown, existing or busy names fail with a {@link
 * MessageQueueException} ({@link NotFound}, {@link AlreadyExists}, {@link InUse}) and change
 * nothing. Queues do not store messages: a message routed to a queue whose consumers are all full
 * is delivered as the {@link DeliveryStrategy} says, and one routed to a queue without a consumer
 * is dropped; both are counted in {@link #dropped()}. A consumer whose actor stops is dropped from
 * its queues as soon as it stops.
 *
 * <h2>Memory consistency effects</h2>
 *
 * Actions of a thread before it publishes a message happen-before the consumer's handler of it. A
 * publish that starts after a declare, bind, consume (or their undoing) returned sees its effect.
 *
 * @param <M> the message type
 */
public final class MessageQueue<M> {
  /*
   * The topology (exchanges with their bindings, queues) is an immutable snapshot behind a
   * volatile field: publishers read it once without a lock; every change copies it under `lock`
   * and publishes the new one. A queue's consumers live in their own Subscriptions (lock-free
   * reads, death-watch), which survive topology copies because the Queue object is shared.
   */

  private static final String MANY = "#";
  private static final String DEFAULT_EXCHANGE = "";

  private record Binding(String queue, String key, TopicPattern pattern, HeaderMatch headers) {}

  private record Exchange(String name, ExchangeType type, List<Binding> bindings) {}

  private static final class Queue<M> {
    final String name;
    final Subscriptions<Void, M> consumers = new Subscriptions<>();
    final AtomicLong turn = new AtomicLong();

    Queue(String name) {
      this.name = name;
    }
  }

  private record Topology<M>(Map<String, Exchange> exchanges, Map<String, Queue<M>> queues) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Delivery delivery;
  private volatile Topology<M> topology = new Topology<>(Map.of(), Map.of());

  private MessageQueue(DeliveryStrategy strategy) {
    this.delivery = new Delivery(strategy);
  }

  /** Returns a message queue with best-effort delivery. */
  public static <M> MessageQueue<M> create() {
    return new MessageQueue<>(DeliveryStrategy.bestEffort());
  }

  /** Returns a message queue with the delivery {@code strategy}. */
  public static <M> MessageQueue<M> create(DeliveryStrategy strategy) {
    return new MessageQueue<>(strategy);
  }

  /**
   * Declares the exchange {@code name} of {@code type}.
   *
   * @throws AlreadyExists if an exchange of that name exists
   * @throws IllegalArgumentException if {@code name} is empty (the default exchange's name)
   */
  public void declareExchange(String name, ExchangeType type) {
    checkName(name, "exchange");
    Objects.requireNonNull(type, "type");
    change(
        t -> {
          if (t.exchanges.containsKey(name)) {
            throw new AlreadyExists(Kind.EXCHANGE, name);
          }
          Map<String, Exchange> exchanges = new HashMap<>(t.exchanges);
          exchanges.put(name, new Exchange(name, type, List.of()));
          return new Topology<>(exchanges, t.queues);
        });
  }

  /**
   * Deletes the exchange {@code name} and its bindings.
   *
   * @param ifUnused refuse if the exchange has bindings
   * @throws NotFound if there is no such exchange
   * @throws InUse if {@code ifUnused} and the exchange has bindings
   */
  public void deleteExchange(String name, boolean ifUnused) {
    Objects.requireNonNull(name, "name");
    change(
        t -> {
          Exchange e = exchange(t, name);
          if (ifUnused && !e.bindings.isEmpty()) {
            throw new InUse(Kind.EXCHANGE, name);
          }
          Map<String, Exchange> exchanges = new HashMap<>(t.exchanges);
          exchanges.remove(name);
          return new Topology<>(exchanges, t.queues);
        });
  }

  /**
   * Declares the queue {@code name}, bound to the default exchange by its name.
   *
   * @throws AlreadyExists if a queue of that name exists
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public void declareQueue(String name) {
    checkName(name, "queue");
    change(
        t -> {
          if (t.queues.containsKey(name)) {
            throw new AlreadyExists(Kind.QUEUE, name);
          }
          Map<String, Queue<M>> queues = new HashMap<>(t.queues);
          queues.put(name, new Queue<>(name));
          return new Topology<>(t.exchanges, queues);
        });
  }

  /**
   * Deletes the queue {@code name}, its bindings and its consumers.
   *
   * @param ifUnused refuse if the queue has consumers
   * @throws NotFound if there is no such queue
   * @throws InUse if {@code ifUnused} and the queue has consumers
   */
  public void deleteQueue(String name, boolean ifUnused) {
    Objects.requireNonNull(name, "name");
    change(
        t -> {
          Queue<M> q = queue(t, name);
          if (ifUnused && q.consumers.size() > 0) {
            throw new InUse(Kind.QUEUE, name);
          }
          Map<String, Queue<M>> queues = new HashMap<>(t.queues);
          queues.remove(name);
          Map<String, Exchange> exchanges = new HashMap<>();
          for (Exchange e : t.exchanges.values()) {
            List<Binding> kept = new ArrayList<>(e.bindings);
            kept.removeIf(b -> b.queue.equals(name));
            exchanges.put(e.name, new Exchange(e.name, e.type, List.copyOf(kept)));
          }
          return new Topology<>(exchanges, queues);
        });
  }

  /**
   * Binds {@code queue} to the direct, topic or fanout {@code exchange} with {@code routingKey}
   * (for a topic exchange a pattern; ignored by a fanout exchange).
   *
   * @throws NotFound if the exchange or the queue does not exist
   * @throws AlreadyExists if the same binding exists
   * @throws IllegalArgumentException if the exchange is a headers exchange, or the topic pattern is
   *     malformed
   */
  public void bind(String queue, String exchange, String routingKey) {
    Objects.requireNonNull(routingKey, "routingKey");
    addBinding(queue, exchange, routingKey, null);
  }

  /**
   * Binds {@code queue} to the headers {@code exchange} with {@code match}.
   *
   * @throws NotFound if the exchange or the queue does not exist
   * @throws AlreadyExists if the same binding exists
   * @throws IllegalArgumentException if the exchange is not a headers exchange
   */
  public void bind(String queue, String exchange, HeaderMatch match) {
    Objects.requireNonNull(match, "match");
    addBinding(queue, exchange, null, match);
  }

  /**
   * Removes the binding of {@code queue} to {@code exchange} with {@code routingKey}.
   *
   * @throws NotFound if the exchange or the binding does not exist
   */
  public void unbind(String queue, String exchange, String routingKey) {
    Objects.requireNonNull(routingKey, "routingKey");
    removeBinding(queue, exchange, routingKey, null);
  }

  /**
   * Removes the binding of {@code queue} to the headers {@code exchange} with {@code match}.
   *
   * @throws NotFound if the exchange or the binding does not exist
   */
  public void unbind(String queue, String exchange, HeaderMatch match) {
    Objects.requireNonNull(match, "match");
    removeBinding(queue, exchange, null, match);
  }

  /**
   * Adds {@code consumer} to {@code queue}; returns false if it consumes from it already, or its
   * actor has stopped.
   *
   * @throws NotFound if there is no such queue
   */
  public boolean consume(String queue, Subscriber<M> consumer) {
    Objects.requireNonNull(queue, "queue");
    return queue(topology, queue).consumers.add(null, consumer);
  }

  /**
   * Removes the consumer {@code id} from {@code queue}; returns whether it was one.
   *
   * @throws NotFound if there is no such queue
   */
  public boolean cancel(String queue, ActorId id) {
    Objects.requireNonNull(queue, "queue");
    return queue(topology, queue).consumers.removeAll(Objects.requireNonNull(id, "id"));
  }

  /**
   * Publishes {@code message} to {@code exchange} with {@code routingKey} and no headers; returns
   * to how many queues' consumers it was delivered.
   *
   * @throws NotFound if there is no such exchange
   * @throws SendException.Interrupted if the publisher was interrupted while it waited for room
   */
  public int publish(String exchange, String routingKey, M message) {
    return publish(exchange, routingKey, Map.of(), message);
  }

  /**
   * Publishes {@code message} with {@code headers} to {@code exchange} with {@code routingKey};
   * returns to how many queues' consumers it was delivered.
   *
   * @throws NotFound if there is no such exchange
   * @throws IllegalArgumentException if a topic exchange gets a routing key with a wildcard or an
   *     empty word
   * @throws SendException.Interrupted if the publisher was interrupted while it waited for room
   */
  public int publish(String exchange, String routingKey, Map<String, String> headers, M message) {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(message, "message");
    Topology<M> t = topology;
    Set<Queue<M>> targets = new LinkedHashSet<>();
    if (exchange.equals(DEFAULT_EXCHANGE)) {
      Queue<M> q = t.queues.get(routingKey);
      if (q != null) {
        targets.add(q);
      }
    } else {
      Exchange e = exchange(t, exchange);
      String[] words = e.type == ExchangeType.TOPIC ? TopicPattern.topic(routingKey, MANY) : null;
      for (Binding b : e.bindings) {
        boolean routed =
            switch (e.type) {
              case DIRECT -> b.key.equals(routingKey);
              case TOPIC -> b.pattern.matches(words);
              case FANOUT -> true;
              case HEADERS -> b.headers.matches(headers);
            };
        if (routed) {
          targets.add(t.queues.get(b.queue));
        }
      }
    }
    int delivered = 0;
    for (Queue<M> q : targets) {
      if (deliver(q, message)) {
        delivered++;
      }
    }
    return delivered;
  }

  /** Returns the names of the declared queues. */
  public Set<String> queues() {
    return Set.copyOf(topology.queues.keySet());
  }

  /** Returns the names of the declared exchanges (not the default one). */
  public Set<String> exchanges() {
    return Set.copyOf(topology.exchanges.keySet());
  }

  /**
   * Returns the number of consumers of {@code queue}.
   *
   * @throws NotFound if there is no such queue
   */
  public int consumers(String queue) {
    return queue(topology, queue).consumers.size();
  }

  /**
   * Returns how many messages were dropped so far: routed to a queue without consumers, or not
   * delivered to a full consumer.
   */
  public long dropped() {
    return delivery.dropped();
  }

  /** Returns the delivery strategy. */
  public DeliveryStrategy strategy() {
    return delivery.strategy();
  }

  @Override
  public String toString() {
    Topology<M> t = topology;
    return "MessageQueue["
        + t.exchanges.size()
        + " exchanges, "
        + t.queues.size()
        + " queues, "
        + delivery.strategy()
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Hands {@code message} to one consumer of {@code q}: the first in turn with room, else the first
   * full one as the strategy says.
   */
  private boolean deliver(Queue<M> q, M message) {
    Subscriptions.Entry<Void, M>[] consumers = q.consumers.snapshot();
    int n = consumers.length;
    int start = n == 0 ? 0 : (int) Long.remainderUnsigned(q.turn.getAndIncrement(), n);
    Subscriber<M> full = null;
    for (int i = 0; i < n; i++) {
      Subscriber<M> c = consumers[(start + i) % n].subscriber();
      if (!c.accepts(message)) {
        continue;
      }
      try {
        if (c.tryTell(message)) {
          return true;
        }
        if (full == null) {
          full = c;
        }
      } catch (SendException.ActorNotRunning e) {
        // stopping: its death-watch drops it
      }
    }
    if (full == null) {
      delivery.countDropped(); // no consumer that could take it
      return false;
    }
    return delivery.whenFull(full, message) == Delivery.Outcome.DELIVERED;
  }

  private void addBinding(String queue, String exchange, String key, HeaderMatch headers) {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(exchange, "exchange");
    change(
        t -> {
          Exchange e = exchange(t, exchange);
          queue(t, queue);
          if ((e.type == ExchangeType.HEADERS) != (headers != null)) {
            throw new IllegalArgumentException(
                "exchange '"
                    + exchange
                    + "' is a "
                    + e.type
                    + " exchange: bind it with "
                    + (e.type == ExchangeType.HEADERS ? "a HeaderMatch" : "a routing key"));
          }
          TopicPattern pattern =
              e.type == ExchangeType.TOPIC ? TopicPattern.parse(key, MANY) : null;
          Binding b = new Binding(queue, key, pattern, headers);
          if (e.bindings.contains(b)) {
            throw new AlreadyExists(Kind.BINDING, describe(queue, exchange, key, headers));
          }
          List<Binding> bindings = new ArrayList<>(e.bindings);
          bindings.add(b);
          return withExchange(t, new Exchange(e.name, e.type, List.copyOf(bindings)));
        });
  }

  private void removeBinding(String queue, String exchange, String key, HeaderMatch headers) {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(exchange, "exchange");
    change(
        t -> {
          Exchange e = exchange(t, exchange);
          List<Binding> bindings = new ArrayList<>(e.bindings);
          boolean removed =
              bindings.removeIf(
                  b ->
                      b.queue.equals(queue)
                          && Objects.equals(b.key, key)
                          && Objects.equals(b.headers, headers));
          if (!removed) {
            throw new NotFound(Kind.BINDING, describe(queue, exchange, key, headers));
          }
          return withExchange(t, new Exchange(e.name, e.type, List.copyOf(bindings)));
        });
  }

  private Topology<M> withExchange(Topology<M> t, Exchange e) {
    Map<String, Exchange> exchanges = new HashMap<>(t.exchanges);
    exchanges.put(e.name, e);
    return new Topology<>(exchanges, t.queues);
  }

  private void change(java.util.function.UnaryOperator<Topology<M>> change) {
    lock.lock();
    try {
      Topology<M> next = change.apply(topology);
      topology = new Topology<>(Map.copyOf(next.exchanges), Map.copyOf(next.queues));
    } finally {
      lock.unlock();
    }
  }

  private static Exchange exchange(Topology<?> t, String name) {
    Exchange e = t.exchanges.get(name);
    if (e == null) {
      throw new NotFound(Kind.EXCHANGE, name);
    }
    return e;
  }

  private static <M> Queue<M> queue(Topology<M> t, String name) {
    Queue<M> q = t.queues.get(name);
    if (q == null) {
      throw new NotFound(Kind.QUEUE, name);
    }
    return q;
  }

  private static String describe(String queue, String exchange, String key, HeaderMatch headers) {
    return queue + " <- " + exchange + " (" + (headers != null ? headers : key) + ")";
  }

  private static void checkName(String name, String what) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a " + what + " needs a non-empty name");
    }
  }
}
