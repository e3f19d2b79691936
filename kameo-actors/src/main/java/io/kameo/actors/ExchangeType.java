package io.kameo.actors;

/** How an exchange of a {@link MessageQueue} routes a message to the queues bound to it. */
public enum ExchangeType {
  /** To the queues bound with a routing key equal to the message's. */
  DIRECT,

  /**
   * To the queues bound with a pattern that matches the message's routing key: dot-separated words,
   * {@code *} for exactly one word, {@code #} for zero or more.
   */
  TOPIC,

  /** To every queue bound to it; routing keys are ignored. */
  FANOUT,

  /** To the queues bound with a {@link HeaderMatch} that the message's headers satisfy. */
  HEADERS
}
