/**
 * Kameo's ready-made actors: a worker {@link io.kameo.actors.Pool}, {@link io.kameo.actors.PubSub},
 * a topic {@link io.kameo.actors.Broker}, a type-routed {@link io.kameo.actors.MessageBus} and an
 * AMQP-like {@link io.kameo.actors.MessageQueue}, with one {@link io.kameo.actors.DeliveryStrategy}
 * shared by the fan-out ones.
 *
 * <p>{@link io.kameo.actors} is the API; {@code io.kameo.actors.internal} is not exported.
 */
module io.kameo.actors {
  requires transitive io.kameo.core;

  exports io.kameo.actors;
}
